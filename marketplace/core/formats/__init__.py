"""One date format per language (FORMAT_MODULE_PATH): day before month everywhere.

Django's own English formats put the month first ("12/05/2026" is 5 December) and its Arabic
ones differ between long and short dates; every page, e-mail and export uses these instead.
"""
