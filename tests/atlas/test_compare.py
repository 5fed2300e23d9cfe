"""`compare`: every cell is read from the knowledge base on the date, cited and dated."""

from __future__ import annotations

import csv
import datetime as dt
import io

from click.testing import CliRunner

from xborder.atlas.compare import ASPECTS, compare, to_html, to_markdown, to_rows
from xborder.cli.main import cli
from xborder.kb import default_knowledge_base
from xborder.kb.agreements import default_agreements

KB = default_knowledge_base()


def _table(on: str, *codes: str, aspects: tuple[str, ...] = tuple(ASPECTS)):  # type: ignore[no-untyped-def]
    return compare(KB, default_agreements(), codes, aspects, dt.date.fromisoformat(on))


def test_the_eu_us_adequacy_cell_follows_the_decisions_in_force() -> None:
    cells = {on: _table(on, "CN", "US", "EU").cells["adequacy_lists", "EU"].text
             for on in ("2019-06-01", "2021-06-01", "2024-06-01")}
    assert "US yes (eu-us-privacy-shield)" in cells["2019-06-01"]
    assert "US no" in cells["2021-06-01"]  # after Schrems II (16 July 2020)
    assert "US yes (eu-us-dpf)" in cells["2024-06-01"]
    assert all("CN no" in text for text in cells.values())


def test_cells_count_the_members_in_force_from_the_fact_itself() -> None:
    on = dt.date(2026, 6, 1)
    cell = _table("2026-06-01", "EU", "US").cells["adequacy_lists", "EU"]
    assert f"{len(KB.members('eu.adequacy', on))} in force" in cell.text
    assert cell.facts == ("eu.adequacy",)


def test_every_cell_with_facts_cites_them_with_their_check_date() -> None:
    table = _table("2026-06-01", "CN", "US", "EU", "JP", "SG", "RU", "GB")
    for (aspect, j), cell in table.cells.items():
        if cell.facts and aspect != "agreements":
            assert cell.sources, (aspect, j)
            for fid, source in zip(cell.facts, cell.sources):
                if fid in KB.facts:
                    assert source.checked == KB.fact(fid).checked
                    assert source.url.startswith("http")


def test_orientation_is_read_from_the_facts_in_force() -> None:
    t2019 = _table("2019-06-01", "CN", "US", "EU", aspects=("orientation",))
    t2026 = _table("2026-06-01", "CN", "US", "EU", aspects=("orientation",))
    assert "localization duties" in t2019.cells["orientation", "CN"].text
    assert "adequacy" in t2019.cells["orientation", "EU"].text
    assert t2019.cells["orientation", "US"].text == "none of the traits"  # the DOJ rule was not in force
    assert "listed countries of concern" in t2026.cells["orientation", "US"].text


def test_agreements_joined_come_from_the_agreement_files() -> None:
    cell = _table("2026-06-01", "SG", "CN", aspects=("agreements",)).cells["agreements", "SG"]
    assert {"RCEP", "CPTPP", "DEPA"} <= set(cell.text.split(", "))
    assert "RCEP" not in _table("2021-06-01", "CN", aspects=("agreements",)).cells["agreements", "CN"].text


def test_aspects_without_facts_say_so() -> None:
    assert _table("2026-06-01", "CN", aspects=("regulators",)).cells["regulators", "CN"].text == \
        "not in the knowledge base"


def test_renderers_carry_the_citations() -> None:
    table = _table("2024-06-01", "US", "EU", aspects=("adequacy_lists",))
    md, page = to_markdown(table), to_html(table)
    assert "https://eur-lex.europa.eu/eli/dec_impl/2023/1795/oj" in md and "2023/1795" in page
    rows = list(csv.DictReader(io.StringIO(__import__("xborder.atlas.export", fromlist=["to_csv"]).to_csv(
        to_rows(table), ("aspect", "jurisdiction", "text", "facts", "sources", "urls", "as_of")))))
    assert {r["jurisdiction"] for r in rows} == {"US", "EU"} and rows[0]["as_of"] == "2024-06-01"


def test_cli_refuses_unknown_jurisdictions_and_aspects() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["compare", "CN", "XX"]).exit_code == 2
    assert runner.invoke(cli, ["compare", "CN", "--aspects", "vibes"]).exit_code == 2
    assert runner.invoke(cli, ["compare", "CN", "--as-of", "2017-01-01"]).exit_code == 3
    result = runner.invoke(cli, ["compare", "CN", "US", "EU", "--format", "markdown", "--as-of", "2021-06-01"])
    assert result.exit_code == 0 and "| aspect | CN | US | EU |" in result.output
