"""National ids: for every country in the table, python-stdnum's own documented valid
example passes our detector (pattern and checksum), and the same number with its check
character changed fails."""

from __future__ import annotations

import importlib
import re

import pytest

from xborder.scanner.detectors import national_id
from xborder.scanner.registry import by_key

D = by_key()
ROWS = {row.country: row for row in national_id.TABLE}

# Examples for modules whose docstrings give none in `validate('...')` form, or where
# the CN validator differs (county codes are not checked). All synthetic.
EXTRA = {
    "CN": "11010519491231002X",
    "US": "536-90-4399",
    "IN": "2345 6789 0124",
}


def _doc_examples(module_name: str) -> list[str]:
    """Numbers quoted in the module's doctests that the module itself calls valid."""
    module = importlib.import_module(f"stdnum.{module_name}")
    quoted = re.findall(r">>> [a-z_]+\('([^']+)'", module.__doc__ or "")
    return [q for q in quoted if module.is_valid(q)]


def _valid_example(country: str) -> str:
    if country in EXTRA:
        return EXTRA[country]
    examples = [e for e in _doc_examples(ROWS[country].module) if D[f"national_id.{country.lower()}"].matches(e)]
    assert examples, f"no usable stdnum example for {country}"
    return examples[0]


def _mutate_check(value: str) -> str:
    """Change the last digit (the check digit of every format in the table)."""
    for i in range(len(value) - 1, -1, -1):
        if value[i].isdigit():
            return value[:i] + str((int(value[i]) + 1) % 10) + value[i + 1:]
        if value[i].isalpha():
            nxt = "A" if value[i].upper() == "Z" else chr(ord(value[i].upper()) + 1)
            return value[:i] + nxt + value[i + 1:]
    raise AssertionError(value)


def test_at_least_twenty_countries() -> None:
    assert len(ROWS) >= 20
    for must in ("CN", "US", "KR", "IN", "BR"):
        assert must in ROWS


@pytest.mark.parametrize("country", sorted(ROWS))
def test_valid_example_matches(country: str) -> None:
    value = _valid_example(country)
    assert D[f"national_id.{country.lower()}"].matches(value), f"{country}: {value}"


NO_CHECK_DIGIT = {"US", "DK", "ID"}  # SSN, CPR (since 2007) and NIK carry none


@pytest.mark.parametrize("country", sorted(c for c in ROWS if c not in NO_CHECK_DIGIT))
def test_bad_check_character_fails(country: str) -> None:
    value = _mutate_check(_valid_example(country))
    assert not D[f"national_id.{country.lower()}"].matches(value), f"{country}: {value} should fail"


def test_formats_without_check_digit_need_context() -> None:
    for country in ("DK", "ID"):
        assert D[f"national_id.{country.lower()}"].requires_context


def test_us_ssn_rules() -> None:
    d = D["national_id.us"]
    assert d.matches("536-90-4399")
    for bad in ("000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000"):
        assert not d.matches(bad), bad


def test_cn_ric_checks_province_date_and_check_character() -> None:
    d = D["national_id.cn"]
    assert d.matches("11010519491231002X")
    assert d.matches("11010519491231002x")
    assert not d.matches("11010519491231002Y")  # wrong check character
    assert not d.matches("99010519491231002X")  # no such province
    assert not d.matches("110105194913310021")  # month 13
