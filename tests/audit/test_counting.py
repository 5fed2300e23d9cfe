"""Known answers on small logs: crossing days, distinct people, the law's dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from tests.audit.conftest import event, write_csv
from xborder.audit import locate, run_audit
from xborder.audit.embedded import EmbeddedEngine
from xborder.datamap.models import DataMap
from xborder.kb import default_knowledge_base


def audit(path: Path, datamap: DataMap, **kw):  # type: ignore[no-untyped-def]
    engine = EmbeddedEngine(memory_limit="500MB", threads=1)
    try:
        return run_audit(engine, locate(str(path)), datamap, **kw)
    finally:
        engine.close()


def cn_limits(on: dt.date) -> dict:
    return default_knowledge_base().value("cn.thresholds", on)


def test_cn_crossing_day_is_the_day_the_count_reaches_the_threshold(tmp_path: Path, datamap: DataMap) -> None:
    """T-1 people on 1 February, then one new person a day: the exemption of Art 5(4) ends on
    the day the count reaches T (以上 includes T), i.e. 2 February; re-sent people never count."""
    limit = cn_limits(dt.date(2026, 2, 1))["exempt_below"]
    path = tmp_path / "cn.parquet"
    con = duckdb.connect()
    con.execute(f"""COPY (
        SELECT TIMESTAMP '2026-02-01 08:00:00' AS time, 'shop-cn' AS exporter, 'cloud-sg' AS importer,
               'p' || i AS subject, 'orders' AS dataset, 'orders-to-sg' AS flow
        FROM range({limit - 1}) t(i)
        UNION ALL SELECT TIMESTAMP '2026-02-01 09:00:00' + INTERVAL (i + 1) DAY, 'shop-cn', 'cloud-sg',
               'q' || i, 'orders', 'orders-to-sg' FROM range(3) t(i)
        UNION ALL SELECT TIMESTAMP '2026-03-01 10:00:00', 'shop-cn', 'cloud-sg', 'p' || i, 'orders', 'orders-to-sg'
        FROM range(50) t(i)) TO '{path}' (FORMAT parquet)""")
    result = audit(path, datamap)
    [series] = [s for s in result.series if s.key.regime == "CN-PIPL"]
    assert series.key.exporter == "shop-cn" and series.key.metric == "general" and series.key.year == 2026
    assert series.final == limit - 1 + 3
    crossed = {c.threshold.name: c for c in result.crossings}
    assert crossed["exempt_below"].day == dt.date(2026, 2, 2)
    assert crossed["exempt_below"].count == limit
    assert "assessment_from" not in crossed  # far above the count


def test_people_counted_once_across_datasets_and_hops_and_afresh_each_year(tmp_path: Path,
                                                                         datamap: DataMap) -> None:
    rows = [
        event("2026-01-05", "shop-cn", "cloud-sg", "a", "orders-to-sg"),
        event("2026-01-06", "shop-cn", "analytics-us", "a", "profiles-to-us"),  # other dataset, other hop
        event("2026-01-07", "shop-cn", "analytics-us", "b", "profiles-to-us"),
        event("2026-02-01", "shop-cn", "cloud-sg", "b", "orders-to-sg"),
        event("2026-02-01", "shop-cn", "cloud-sg", "c", "", dataset="orders,profiles"),  # both, no flow
        event("2025-12-31", "shop-cn", "cloud-sg", "a", "orders-to-sg"),  # last year's count
    ]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    by_year = {s.key.year: s for s in result.series if s.key.regime == "CN-PIPL"}
    assert by_year[2026].final == 3 and by_year[2025].final == 1
    assert list(zip(by_year[2026].days, by_year[2026].counts)) == [
        (dt.date(2026, 1, 5), 1), (dt.date(2026, 1, 7), 2), (dt.date(2026, 2, 1), 3)]
    assert result.events == 6


def test_us_bulk_threshold_over_the_preceding_12_months(tmp_path: Path, datamap: DataMap) -> None:
    """28 CFR 202.205(a): bulk human genomic data is more than the threshold of U.S. persons in
    the preceding 12 months with the same foreign person. Half the threshold on 10 January, the
    other half plus one on 10 June: crossed on 10 June; the January people leave the window on
    10 January 2027 (one of them, sent again in December, stays)."""
    kb = default_knowledge_base()
    member = kb.member("us.dsp.categories", "human-genomic-data", dt.date(2026, 1, 1))
    limit = int(member.attributes["threshold"])
    half = limit // 2
    rows = [event("2026-01-10", "lab-us", "lab-de", f"j{i}", "genomes-to-de") for i in range(half)]
    rows += [event("2026-06-10", "lab-us", "lab-de", f"k{i}", "genomes-to-de") for i in range(limit - half + 1)]
    rows += [event("2026-12-01", "lab-us", "lab-de", "j0", "genomes-to-de")]
    rows += [event("2027-03-01", "lab-us", "lab-de", "z", "genomes-to-de")]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    [series] = [s for s in result.series if s.key.regime == "US-DSP" and s.key.metric == "human-genomic-data"]
    assert series.key.counterpart == "lab-de"
    assert series.count_on(dt.date(2026, 6, 9)) == half
    assert series.count_on(dt.date(2026, 6, 10)) == limit + 1
    assert series.count_on(dt.date(2027, 1, 10)) == limit - half + 1 + 1  # June people and j0
    assert series.count_on(dt.date(2027, 3, 1)) == limit - half + 1 + 2
    [crossing] = [c for c in result.crossings if c.threshold.name == "human-genomic-data"]
    assert crossing.day == dt.date(2026, 6, 10) and crossing.threshold.comparison == "more-than"


def test_verdict_before_and_after_the_eu_us_data_privacy_framework(tmp_path: Path, datamap: DataMap) -> None:
    """The same hop the day before and the day the DPF adequacy decision applied (10 July 2023)."""
    rows = [event("2023-07-09", "seller-de", "crm-us", "x", "eu-to-crm"),
            event("2023-07-10", "seller-de", "crm-us", "x", "eu-to-crm"),
            event("2023-07-11", "seller-de", "crm-us", "y", "eu-to-crm")]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    by_day = {(g.first_day, g.last_day): (g.verdict.status, g.events) for g in result.groups}
    assert by_day == {(dt.date(2023, 7, 9), dt.date(2023, 7, 9)): ("action_required", 1),
                      (dt.date(2023, 7, 10), dt.date(2023, 7, 11)): ("compliant", 2)}


def test_safeguards_put_in_place_change_the_verdict_from_that_day(tmp_path: Path, datamap: DataMap) -> None:
    # TODO(issue 10): the same test across a filing's approval once filings are in the data map.
    mechanisms = "cn.standard-contract,cn.pipia,cn.notice,cn.separate-consent"
    rows = [event("2026-03-01", "shop-cn", "analytics-us", "a", "profiles-to-us"),
            event("2026-03-02", "shop-cn", "analytics-us", "b", "profiles-to-us", safeguards=mechanisms)]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    statuses = sorted((g.first_day.isoformat(), g.verdict.status) for g in result.groups)
    assert statuses == [("2026-03-01", "action_required"), ("2026-03-02", "compliant")]
    [bad] = result.failing("action_required")
    assert "cn.pipia" in bad.verdict.missing and bad.events == 1


def test_each_shape_is_assessed_once_per_interval_of_unchanged_law(tmp_path: Path, datamap: DataMap) -> None:
    rows = [event(f"2026-04-{d:02d}", "shop-cn", "cloud-sg", f"s{d}-{i}", "orders-to-sg")
            for d in range(1, 29) for i in range(5)]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    assert len(result.groups) == 1 and result.groups[0].events == 140


@pytest.mark.parametrize("approx", [False, True])
def test_approximate_counts_are_close_and_say_so(tmp_path: Path, datamap: DataMap, approx: bool) -> None:
    path = tmp_path / "log.parquet"
    duckdb.connect().execute(f"""COPY (SELECT TIMESTAMP '2026-01-01 00:00:00' + INTERVAL (i % 300) DAY AS time,
        'shop-cn' AS exporter, 'cloud-sg' AS importer, 'p' || (i % 20000) AS subject, 'orders' AS dataset,
        'orders-to-sg' AS flow FROM range(60000) t(i)) TO '{path}' (FORMAT parquet)""")
    result = audit(path, datamap, approx=approx)
    [series] = [s for s in result.series if s.key.regime == "CN-PIPL"]
    if approx:
        assert abs(series.final - 20000) / 20000 < 0.1
        assert result.as_dict()["audit"]["distinct_counts"].startswith("approximate")
    else:
        assert series.final == 20000 and result.as_dict()["audit"]["distinct_counts"] == "exact"


def test_trailing_window_walks_subjects_sent_over_more_than_12_months(tmp_path: Path, datamap: DataMap) -> None:
    """One person sent in January 2026, again 13 months later (two stays in the window), another
    sent every five months (one long stay): the counts on each day follow 12 calendar months."""
    rows = [event("2026-01-10", "lab-us", "lab-de", "gap", "genomes-to-de"),
            event("2027-02-10", "lab-us", "lab-de", "gap", "genomes-to-de"),
            event("2026-01-10", "lab-us", "lab-de", "chain", "genomes-to-de"),
            event("2026-06-10", "lab-us", "lab-de", "chain", "genomes-to-de"),
            event("2026-11-10", "lab-us", "lab-de", "chain", "genomes-to-de"),
            event("2027-04-10", "lab-us", "lab-de", "chain", "genomes-to-de")]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    [series] = [s for s in result.series if s.key.metric == "human-genomic-data"]
    expected = {"2026-01-10": 2, "2027-01-09": 2, "2027-01-10": 1, "2027-02-10": 2, "2028-02-09": 2,
                "2028-02-10": 1, "2028-04-09": 1, "2028-04-10": 0}
    assert {d: series.count_on(dt.date.fromisoformat(d)) for d in expected} == expected
    assert series.peak == 2 and series.final == 2  # on the log's last day, 10 April 2027


def test_a_shape_hash_collision_falls_back_to_joining_on_the_columns(tmp_path: Path, datamap: DataMap,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from xborder.audit import queries

    rows = [event("2026-03-01", "shop-cn", "analytics-us", "a", "profiles-to-us"),
            event("2026-03-01", "shop-cn", "cloud-sg", "a", "orders-to-sg"),
            event("2026-03-02", "shop-cn", "cloud-sg", "b", "orders-to-sg")]
    log = write_csv(tmp_path / "log.csv", rows)
    honest = audit(log, datamap).as_dict()
    colliding = dataclasses.replace(queries.DUCKDB, shape_hash="CAST(length(concat({})) * 0 AS BIGINT)")
    monkeypatch.setattr(EmbeddedEngine, "dialect", colliding)  # every shape hashes to 0
    assert audit(log, datamap).as_dict() == honest


FILING_MAP = """\
xborder: 1
entities:
  - {id: shop-cn, country: CN}
  - {id: cloud-sg, country: SG}
datasets:
  - {id: customers, categories: [user.name, user.contact.address], subjects: [{residence: CN, count: 150000}],
     collected_in: CN}
flows:
  - {id: to-sg, from: {entity: shop-cn}, to: {entity: cloud-sg, role: processor}, datasets: [customers],
     purpose: essential.service, safeguards: [cn.pipia, cn.notice, cn.separate-consent, sg.contract]}
filings:
  - {id: sc, mechanism: cn.standard-contract, authority: Beijing CAC, exporter: shop-cn, flows: [to-sg],
     status: filed, filed: 2026-03-10}
"""


def test_events_before_and_after_a_filing_take_the_verdict_of_their_day(tmp_path: Path) -> None:
    """Standard Contract Measures Art 7: the contract counts from its filing (10 March 2026);
    the same hop's events the day before need it, those from that day are compliant."""
    from xborder.datamap import load_map_text

    datamap = load_map_text(FILING_MAP, "filing.yaml")
    rows = [event("2026-03-03", "shop-cn", "cloud-sg", "a", "to-sg"),
            event("2026-03-09", "shop-cn", "cloud-sg", "a", "to-sg"),
            event("2026-03-10", "shop-cn", "cloud-sg", "b", "to-sg"),
            event("2026-04-10", "shop-cn", "cloud-sg", "c", "to-sg")]
    result = audit(write_csv(tmp_path / "log.csv", rows), datamap)
    got = sorted((g.verdict.valid_from.isoformat(), g.verdict.status, g.events, g.verdict.missing)
                 for g in result.groups)
    assert got == [("2026-03-03", "action_required", 2, ("cn.standard-contract|cn.certification",)),
                   ("2026-03-10", "compliant", 2, ())]
