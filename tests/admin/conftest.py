"""Admin tests: a superuser's client, a valid change form to post, localstripe for refunds."""

import pytest
from django.db.models.fields.files import FieldFile

from tests.factories.accounts import UserFactory
from tests.payments.conftest import localstripe, localstripe_base  # noqa: F401  (fixtures)


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def change_form_data(client, url: str) -> dict:
    """Answer the change form's data exactly as the page offers it (inlines included).

    Posting it back unchanged saves the object (302): a test that adds a status to it proves
    the admin accepted the form and still left the status alone.
    """
    page = client.get(url)
    assert page.status_code == 200
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif value is True:
                data[key] = "on"
            elif isinstance(value, FieldFile):
                continue  # a file: leaving it out keeps it
            else:
                data[key] = str(value)

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = str(value)
        for form in formset.forms:
            add(form)
    return data


def post_action(client, changelist: str, action: str, pks, **fields):
    """Run an admin action on the selected rows (with `apply` for an action's own form)."""
    data = {"action": action, "_selected_action": [str(pk) for pk in pks], **fields}
    return client.post(changelist, data)


def audit_rows(obj, *fields):
    """Answer the audit log's rows about `obj`, oldest first, as tuples of `fields`."""
    from marketplace.moderation.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list(*fields)
    )
