"""URL converters shared by pages and the API."""

from django.urls import register_converter


class IdConverter:
    """A database id: a positive integer of at most 18 digits (anything else is a 404).

    Django's <int:> accepts any length, and an id past 2**63 makes SQLite raise an overflow
    (a 500) before the lookup can answer 404.
    """

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
