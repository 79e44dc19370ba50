"""`{% url %}` is Django's tag; a literal name without arguments is reversed once per language."""

import pytest
from django.template import Context, Engine, engines
from django.template.defaulttags import URLNode
from django.urls import NoReverseMatch
from django.utils import translation

from marketplace.core.templatetags.souk_urls import ConstantURLNode

SOURCE = (
    "[{% url 'home' %}]"
    "[{% url 'accounts:login' %}]"
    "[{% url 'catalogue:category' 'pottery' %}]"
    "[{% url 'catalogue:category' slug=slug %}]"
    "[{% url name %}]"
    "[{% url 'home' as home %}{{ home }}]"
)


def _stock_engine():
    return Engine(app_dirs=False, builtins=[])


@pytest.mark.parametrize("language", ["ar", "fr", "es", "en"])
def test_the_same_answer_as_djangos_tag_in_every_language(language):
    ours = engines["django"].engine.from_string(SOURCE)
    stock = _stock_engine().from_string(SOURCE)
    context = {"slug": "rugs", "name": "home"}
    with translation.override(language):
        for _ in range(2):  # the second render is answered from the kept table
            assert ours.render(Context(context)) == stock.render(Context(context))
        assert f"[/{language}/]" in ours.render(Context(context))


def test_only_a_literal_name_without_arguments_is_kept():
    template = engines["django"].engine.from_string(SOURCE)
    nodes = template.nodelist.get_nodes_by_type(URLNode)
    assert [type(n) is ConstantURLNode for n in nodes] == [True, True, False, False, False, False]


def test_a_name_that_does_not_reverse_still_raises():
    template = engines["django"].engine.from_string("{% url 'no-such-page' %}")
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            template.render(Context({}))
