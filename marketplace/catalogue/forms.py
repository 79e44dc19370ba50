"""The listing's query string: filters, sort and page size, validated, never trusted."""

import copy
from decimal import Decimal
from functools import lru_cache

from django import forms
from django.core.validators import validate_slug
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from artisans.models import Region

SORTS = [
    ("relevance", _("Relevance")),
    ("newest", _("Newest")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("rating", _("Best rated")),
]
PER_PAGE = [12, 24, 48]


class SlugListField(forms.MultipleChoiceField):
    """A list of slugs whose existence the listing checks itself."""

    def valid_value(self, value):
        try:
            validate_slug(value)
        except forms.ValidationError:
            return False
        return len(value) <= 80


class ListingForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)
    category = forms.SlugField(required=False, max_length=80)
    region = forms.MultipleChoiceField(required=False, choices=Region.choices)
    material = SlugListField(required=False)
    kind = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("artisan", _("Artisan")), ("cooperative", _("Cooperative"))],
    )
    mto = forms.BooleanField(required=False)
    in_stock = forms.BooleanField(required=False)
    min = forms.DecimalField(
        required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    max = forms.DecimalField(
        required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2
    )
    sort = forms.ChoiceField(required=False, choices=SORTS)
    per_page = forms.TypedChoiceField(
        required=False, coerce=int, choices=[(n, n) for n in PER_PAGE], empty_value=24
    )

    @classmethod
    def filters_for(cls, query) -> dict:
        """Return `filters()` for a query (a QueryDict): validated once per distinct query
        string in this process, since the answer depends on nothing else."""
        return copy.deepcopy(_filters(tuple(sorted((k, tuple(v)) for k, v in query.lists()))))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .hooks import listing_filters

        for name in listing_filters:  # filters other apps add (hooks.py): one slug each
            self.fields[name] = forms.SlugField(required=False, max_length=80)

    def filters(self) -> dict:
        """Return the valid parameters; an invalid one is dropped rather than failing the page."""
        self.is_valid()
        data = dict(self.cleaned_data)
        for name in self.errors:
            data[name] = self.fields[name].to_python(None) if name != "per_page" else 24
            if name in ("region", "material"):
                data[name] = []
        data.setdefault("per_page", 24)
        if (
            data.get("min") is not None
            and data.get("max") is not None
            and data["min"] > data["max"]
        ):
            data["min"], data["max"] = data["max"], data["min"]
        return data


@lru_cache(maxsize=512)
def _filters(items: tuple) -> dict:
    query = QueryDict(mutable=True)
    for name, values in items:
        query.setlist(name, values)
    return ListingForm(query).filters()
