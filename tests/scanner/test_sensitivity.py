"""Sensitivity tiers come from `xborder.classification.sensitivity` (the knowledge base),
never from tables of the scanner's own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from xborder.scanner import report as report_module
from xborder.scanner import scan

DIAGNOSIS = "user.health_and_medical.diagnosis"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    report_module.tiers.cache_clear()
    yield
    report_module.tiers.cache_clear()


def test_tiers_are_what_classification_says(data_dir: Path) -> None:
    from xborder import classification

    data = scan(str(data_dir / "people.csv")).to_dict()
    on = dt.date.fromisoformat(data["as_of"])
    for column in data["tables"][0]["columns"]:
        for category, tiers in column["sensitivity"].items():
            try:
                expected = classification.sensitivity(category, on)
            except Exception:  # knowledge base not able to answer: unknown, never guessed
                expected = {"CN-PIPL": None, "EU-GDPR": None, "US-DSP": None}
            assert tiers == expected, category


def test_report_wires_tiers_into_table_summary(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    from xborder import classification

    def fake(category: str, on: dt.date | None = None, minors: bool = False) -> dict[str, str | None]:
        sensitive_id = category.startswith("user.government_id")
        return {"CN-PIPL": "sensitive" if sensitive_id else "general",
                "EU-GDPR": "art9" if category.startswith("user.health") else "ordinary",
                "US-DSP": "covered_personal_identifiers" if sensitive_id else None}

    monkeypatch.setattr(classification, "sensitivity", fake)
    table = scan(str(data_dir / "people.csv")).to_dict()["tables"][0]
    assert table["sensitivity"]["CN-PIPL"] == ["user.government_id.national_identification_number"]
    assert table["sensitivity"]["US-DSP"] == [
        "user.government_id.national_identification_number (covered_personal_identifiers)"]
    assert table["sensitivity"]["EU-GDPR"] == []
    ids = next(c for c in table["columns"] if c["name"] == "id_number")
    assert ids["sensitivity"]["user.government_id.national_identification_number"]["CN-PIPL"] == "sensitive"


def test_health_column_tier(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from xborder import classification

    seen: list[str] = []

    def fake(category: str, on: dt.date | None = None, minors: bool = False) -> dict[str, str | None]:
        seen.append(category)
        return {"CN-PIPL": "sensitive", "EU-GDPR": "art9", "US-DSP": "health"}

    monkeypatch.setattr(classification, "sensitivity", fake)
    path = tmp_path / "visits.csv"
    path.write_text("diagnosis\n" + "\n".join(["E11.9", "I10", "J45.909", "F32.1"] * 10) + "\n")
    table = scan(str(path)).to_dict()["tables"][0]
    assert table["columns"][0]["categories"] == [DIAGNOSIS]
    assert seen == [DIAGNOSIS]
    assert table["sensitivity"]["EU-GDPR"] == [f"{DIAGNOSIS} (art9)"]


def test_children_under_14_make_the_table_s_personal_information_sensitive_under_pipl_art_28() -> None:
    # Walk-through 18: birth dates of children under 14 were counted, yet the tier said "general".
    import datetime as dt
    from pathlib import Path

    from click.testing import CliRunner
    import orjson

    from xborder.classification import sensitivity
    from xborder.cli.main import cli

    on = dt.date(2026, 6, 1)
    assert sensitivity("user.name", on)["CN-PIPL"] == "general"
    assert sensitivity("user.name", on, minors=True)["CN-PIPL"] == "sensitive"
    assert sensitivity("system.operations", on, minors=True)["CN-PIPL"] == "general"  # not personal
    sheet = Path(__file__).resolve().parents[2] / "examples" / "data" / "clinic_visits.xlsx"
    result = CliRunner().invoke(cli, ["scan", str(sheet), "--format", "json"])
    (table,) = orjson.loads(result.output)["tables"]
    assert table["minors_under_14"] > 0
    assert "user.name" in table["sensitivity"]["CN-PIPL"]
    dob = next(c for c in table["columns"] if "user.demographic.date_of_birth" in c["categories"])
    assert dob["sensitivity"]["user.demographic.date_of_birth"]["CN-PIPL"] == "sensitive"
