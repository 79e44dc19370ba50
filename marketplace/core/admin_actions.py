"""Admin actions that change a status through a service, never through a raw save.

Status fields are read-only in every admin; each change a staff member may make is an action
built here, which calls the app's service for each selected row (so the transition table, the
ledger, the stock and the audit log hold for staff as for everyone), reports a refused row
(`DomainError`) as a warning and carries on with the others. `form_action` first asks for what
the service needs (a reason, a carrier and tracking number) on an intermediate page.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .errors import DomainError


def _apply(modeladmin, request, queryset, call: Callable) -> None:
    done = 0
    for obj in queryset.order_by("pk"):
        try:
            call(obj)
        except DomainError as exc:
            modeladmin.message_user(request, f"{obj}: {exc.message}", level=messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(n)d row changed.", "%(n)d rows changed.", done) % {"n": done},
            level=messages.SUCCESS,
        )


def service_action(name: str, description, call: Callable) -> Callable:
    """Make an admin action calling `call(request, obj)` for each selected row."""

    def action(modeladmin, request, queryset):
        _apply(modeladmin, request, queryset, lambda obj: call(request, obj))

    action.__name__ = name
    return admin.action(description=description)(action)


class ReasonForm(forms.Form):
    """What most staff decisions need: the reason the seller or buyer will read."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea)


def form_action(name: str, description, form_class: type[forms.Form], call: Callable) -> Callable:
    """Make an admin action that asks for `form_class` first, then calls `call(request, obj,
    data)` for each selected row with the form's cleaned data."""

    def action(modeladmin, request, queryset):
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                _apply(modeladmin, request, queryset, lambda obj: call(request, obj, data))
                return None  # back to the change list
        else:
            form = form_class()
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": description,
            "opts": modeladmin.model._meta,
            "form": form,
            "objects": list(queryset.order_by("pk")),
            "action_name": name,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/core/action_form.html", context)

    action.__name__ = name
    return admin.action(description=description)(action)
