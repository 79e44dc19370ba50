"""Admin actions that change a status through a service, never through a raw save.

Status fields are read-only in every admin; each change a staff member may make is an action
built here, which calls the app's service for each selected row (so the transition table, the
ledger, the stock and the audit log hold for staff as for everyone), reports a refused row
(`DomainError`) as a warning and carries on with the others. with a form, it first asks for what
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


class ReasonForm(forms.Form):
    """What most staff decisions need: the reason the seller or buyer will read."""

    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea)


def service_action(
    name: str,
    description,
    service: Callable,
    *,
    id_arg: str,
    form_class: type[forms.Form] | None = None,
) -> Callable:
    """Make an admin action calling `service(<id_arg>=row.pk, actor=staff, **form data)` per row.

    With `form_class`, the action first shows that form on a page of its own; the service runs
    once it is sent back valid (its cleaned data become the service's keyword arguments).
    """

    def run(modeladmin, request, queryset, data):
        _apply(
            modeladmin,
            request,
            queryset,
            lambda obj: service(**{id_arg: obj.pk}, actor=request.user, **data),
        )

    def action(modeladmin, request, queryset):
        if form_class is None:
            return run(modeladmin, request, queryset, {})
        if "apply" in request.POST:
            form = form_class(request.POST)
            if form.is_valid():
                return run(modeladmin, request, queryset, form.cleaned_data)
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
