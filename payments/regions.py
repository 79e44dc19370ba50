"""Morocco's twelve regions (2015 division), and the region of the main cities, for reports."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext_lazy as _

REGIONS = {
    "TTA": _("Tanger-Tétouan-Al Hoceïma"),
    "ORI": _("Oriental"),
    "FMK": _("Fès-Meknès"),
    "RSK": _("Rabat-Salé-Kénitra"),
    "BMK": _("Béni Mellal-Khénifra"),
    "CSS": _("Casablanca-Settat"),
    "MSA": _("Marrakech-Safi"),
    "DTF": _("Drâa-Tafilalet"),
    "SMA": _("Souss-Massa"),
    "GON": _("Guelmim-Oued Noun"),
    "LSH": _("Laâyoune-Sakia El Hamra"),
    "DOE": _("Dakhla-Oued Ed-Dahab"),
    "": _("Other or unknown"),
}

_CITIES = {
    "TTA": "tanger tangier tetouan al hoceima larache chefchaouen ksar el kebir fnideq mdiq",
    "ORI": "oujda nador berkane taourirt jerada figuig driouch guercif",
    "FMK": "fes fez meknes taza sefrou ifrane el hajeb moulay yacoub boulemane taounate",
    "RSK": "rabat sale kenitra temara skhirat khemisset sidi kacem sidi slimane",
    "BMK": "beni mellal khenifra khouribga fquih ben salah azilal kasba tadla",
    "CSS": "casablanca mohammedia settat el jadida berrechid benslimane sidi bennour azemmour",
    "MSA": "marrakech marrakesh safi essaouira el kelaa des sraghna youssoufia chichaoua",
    "DTF": "errachidia ouarzazate zagora tinghir midelt rissani merzouga",
    "SMA": "agadir inezgane taroudant tiznit ait melloul biougra",
    "GON": "guelmim tan-tan sidi ifni assa",
    "LSH": "laayoune boujdour tarfaya es-semara smara",
    "DOE": "dakhla aousserd",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


_BY_CITY = {}
for _code, _names in _CITIES.items():
    for _name in _names.split():
        _BY_CITY[_name] = _code
for _code, _names in _CITIES.items():  # multi-word names ("el jadida", "beni mellal")
    _words = _names.split()
    for _i in range(len(_words) - 1):
        _BY_CITY.setdefault(f"{_words[_i]} {_words[_i + 1]}", _code)


def region_of_city(city: str) -> str:
    """Answer the region code of a Moroccan city as buyers type it, or "" when unknown."""
    plain = _plain(city).replace("-", " ")
    if plain in _BY_CITY:
        return _BY_CITY[plain]
    for word in plain.split():
        if word in _BY_CITY and word not in {"el", "sidi", "ben", "ait", "des", "al", "es"}:
            return _BY_CITY[word]
    return ""
