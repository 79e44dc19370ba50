"""What sellers write is marked with its language on pages in another one."""

import pytest
from django.template import Context, Template
from django.utils import translation

from marketplace.core.textlang import guess_language


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Tournage et émaillage", "fr"),
        ("The green glaze of the Draa valley", "en"),
        ("Hecho a mano con lana de la montaña", "es"),
        ("طاجين مصنوع يدويا في آسفي", "ar"),
        ("Tamegroute", None),  # a place name says nothing about a language
        ("", None),
    ],
)
def test_guess_language(text, lang):
    assert guess_language(text) == lang


def test_lang_attr_marks_only_another_language():
    template = Template("{% load souk %}<p{{ text|lang_attr }}>{{ text }}</p>")
    with translation.override("ar"):
        assert template.render(Context({"text": "Tournage et émaillage"})) == (
            '<p lang="fr" dir="auto">Tournage et émaillage</p>'
        )
        assert template.render(Context({"text": "صناعة يدوية"})) == (
            '<p dir="auto">صناعة يدوية</p>'
        )
    with translation.override("fr"):
        assert 'lang="fr"' not in template.render(Context({"text": "Tournage et émaillage"}))
