"""`{% load i18n %}` is Django's library with a constant `translate` kept per language."""

import pytest
from django.template import Context, Engine, engines
from django.templatetags import i18n as django_i18n
from django.utils import translation

from marketplace.core.templatetags.souk_i18n import ConstantTranslateNode

SOURCE = (
    "{% load i18n %}"
    '[{% translate "Search" %}]'
    '[{% trans "Cart" %}]'
    '[{% translate "Souk — Moroccan crafts from the makers" %}]'
    '[{% translate "Log in" as login %}{{ login }}]'
    '[{% translate "5%% off <b>now</b>" %}]'
    '[{% autoescape off %}{% translate "5%% off <b>now</b>" %}{% endautoescape %}]'
    "[{% translate word %}]"
    '[{% translate "Search"|upper %}]'
    '[{% translate "May" context "month name" %}]'
    '[{% translate "Search" noop %}]'
    "[{% get_current_language as LANG %}{{ LANG }}]"
)


def _stock_engine():
    engine = engines["django"].engine
    return Engine(
        dirs=engine.dirs,
        app_dirs=False,
        libraries={"i18n": "django.templatetags.i18n"},
        builtins=[],
    )


@pytest.mark.parametrize("language", ["ar", "fr", "es", "en"])
def test_the_same_answer_as_djangos_tag_in_every_language(language):
    ours = engines["django"].engine.from_string(SOURCE)
    stock = _stock_engine().from_string(SOURCE)
    with translation.override(language):
        for _ in range(2):  # the second render is answered from the kept table
            assert ours.render(Context({"word": "Cart"})) == stock.render(Context({"word": "Cart"}))
    with translation.override("fr"):
        assert "[Rechercher]" in ours.render(Context({"word": "Cart"}))


def test_only_a_literal_without_filters_or_context_is_kept():
    template = engines["django"].engine.from_string(SOURCE)
    nodes = template.nodelist.get_nodes_by_type(django_i18n.TranslateNode)
    kept = [type(n) is ConstantTranslateNode for n in nodes]
    # literal, trans, literal, as-variable, %%, %% (no autoescape), variable, filter,
    # context, noop
    assert kept == [True, True, True, True, True, True, False, False, False, False]


def test_languages_never_mix():
    template = engines["django"].engine.from_string('{% load i18n %}{% translate "Search" %}')
    answers = {}
    for language in ("fr", "ar", "es", "en", "fr"):
        with translation.override(language):
            answers.setdefault(language, set()).add(template.render(Context({})))
    assert {k: len(v) for k, v in answers.items()} == {"fr": 1, "ar": 1, "es": 1, "en": 1}
    assert len({next(iter(v)) for v in answers.values()}) == 4


def test_the_replaced_i18n_is_the_only_library_name_let_through(settings):
    """W003 still warns about any other name served by two modules."""
    from django.template import engines as all_engines

    backend = all_engines["django"]
    assert backend._check_for_template_tags_with_the_same_name() == []
    backend.engine.libraries["souk"] = "marketplace.core.templatetags.souk_i18n"
    try:
        warnings = backend._check_for_template_tags_with_the_same_name()
    finally:
        backend.engine.libraries.pop("souk")
    assert [w.id for w in warnings] == ["templates.W003"] and "'souk'" in warnings[0].msg
