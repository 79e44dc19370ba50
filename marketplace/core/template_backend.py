"""The project's Django template backend: Django's, knowing that `i18n` is replaced on purpose.

settings.TEMPLATES installs marketplace.core.templatetags.souk_i18n under the name `i18n`
(Django's tags, a constant `translate` kept per language). Django's check templates.W003
warns about any library name served by two modules; this backend keeps that check for every
other name and leaves out only this one deliberate replacement.
"""

from __future__ import annotations

from django.template.backends.django import DjangoTemplates

REPLACED = {"i18n": {"django.templatetags.i18n", "marketplace.core.templatetags.souk_i18n"}}


class SoukTemplates(DjangoTemplates):
    def _check_for_template_tags_with_the_same_name(self):
        deliberate = {
            f"{name!r} is used for multiple template tag modules: "
            + ", ".join(repr(item) for item in sorted(modules))
            for name, modules in REPLACED.items()
        }
        return [
            warning
            for warning in super()._check_for_template_tags_with_the_same_name()
            if warning.msg not in deliberate
        ]
