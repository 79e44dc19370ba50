"""Left-to-right data inside right-to-left pages: one way to show it and one way to type it.

Phone numbers, e-mail addresses, postal codes, card and bank numbers, SKUs and measurements
are left-to-right whatever the page's language. Shown inside an Arabic page without isolation,
the bidi algorithm reorders their parts ("+33 6 12 34 56 78" reads "78 56 34 12 6 33+",
"24 cm" reads "cm 24"). Templates show them with the `ltr` filter (`<bdi dir="ltr">`) or, for
free text that may be either (an address line, a name), with `<bdi>`; forms mark their inputs
with `input_attrs()`; translations wrap Latin terms with U+2066 … U+2069 (LRI … PDI).
"""

from __future__ import annotations

# Per kind of field: the input's type, direction, keyboard and autofill hint (WHATWG names).
_FIELDS: dict[str, dict[str, str]] = {
    "email": {"type": "email", "dir": "ltr", "autocomplete": "email", "inputmode": "email"},
    "phone": {"type": "tel", "dir": "ltr", "autocomplete": "tel", "inputmode": "tel"},
    "name": {"autocomplete": "name", "dir": "auto"},
    "line1": {"autocomplete": "address-line1", "dir": "auto"},
    "line2": {"autocomplete": "address-line2", "dir": "auto"},
    "city": {"autocomplete": "address-level2", "dir": "auto"},
    "postal_code": {"autocomplete": "postal-code", "dir": "ltr"},
    "country": {"autocomplete": "country"},
}


def input_attrs(form, *, prefix: str = "") -> None:
    """Give a form's address, e-mail and phone inputs their type, direction and autofill hint.

    `prefix` is the autofill section ("shipping"), so a browser fills the right address.
    """
    for name, attrs in _FIELDS.items():
        field = form.fields.get(name)
        if field is None:
            continue
        attrs = dict(attrs)
        if prefix and "autocomplete" in attrs:
            attrs["autocomplete"] = f"{prefix} {attrs['autocomplete']}"
        input_type = attrs.pop("type", None)
        if input_type:
            field.widget.input_type = input_type
        field.widget.attrs.update(attrs)
