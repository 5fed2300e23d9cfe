"""ISO 3166-1 alpha-2 codes, checked with pycountry, with a suggestion for near misses."""

from __future__ import annotations

import difflib
from functools import cache

import pycountry

# Codes people commonly write for a country whose ISO code differs.
_COMMON_MISTAKES = {"UK": "GB", "EL": "GR", "EN": "GB"}
# Codes of unions, not countries: a map names the member state (contract: "EU members by own code").
_NOT_COUNTRIES = {"EU": "the European Union", "EEA": "the European Economic Area", "EFTA": "EFTA"}


@cache
def _alpha2() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _names() -> dict[str, str]:
    out = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out[name.lower()] = c.alpha_2
        out[c.alpha_3.lower()] = c.alpha_2
    return out


def is_country(code: str) -> bool:
    return code in _alpha2()


def country_problem(code: str) -> tuple[str, str | None] | None:
    """None if `code` is a valid alpha-2 code, else (message, suggestion)."""
    if code in _alpha2():
        return None
    if code.upper() in _alpha2():
        return (f"country code {code!r} must be upper case", code.upper())
    if code.upper() in _COMMON_MISTAKES:
        return (f"{code!r} is not an ISO 3166-1 alpha-2 code", _COMMON_MISTAKES[code.upper()])
    if code.upper() in _NOT_COUNTRIES:
        return (f"{code!r} is {_NOT_COUNTRIES[code.upper()]}, not a country: name the member state "
                "(e.g. DE, FR, IE)", None)
    by_name = _names().get(code.lower())
    if by_name:
        return (f"{code!r} is not an ISO 3166-1 alpha-2 code", by_name)
    if len(code) <= 3:
        # Every two or three letters are close to some code: a guess would mislead (EU is not RE).
        return (f"{code!r} is not an ISO 3166-1 alpha-2 code", None)
    close = difflib.get_close_matches(code.lower(), list(_names()), n=1, cutoff=0.75)
    return (f"{code!r} is not an ISO 3166-1 alpha-2 code", _names()[close[0]] if close else None)


def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code (the JSON Schema's enum)."""
    return _alpha2()


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or c.name if c else code
