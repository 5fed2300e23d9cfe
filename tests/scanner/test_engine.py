"""The shared decisions, sampling and (marked `spark`) the Spark engine's agreement
with the embedded one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from xborder.scanner import SamplePlan, scan
from xborder.scanner.evaluate import decide, eligible, plausible, validate_values
from xborder.scanner.registry import DETECTORS
from xborder.scanner.sampling import margin_of_error, sample_size


def test_sample_size_formula() -> None:
    assert sample_size(10_000_000) == 9_595  # 1.96² · 0.25 / 0.01², with the finite-population correction
    assert sample_size(1_000) == 906
    assert SamplePlan().rows_for(1_000) == 1_000  # most of a small table: read it all
    assert SamplePlan().rows_for(1_000_000) == sample_size(1_000_000)
    assert SamplePlan(full=True).rows_for(5_000_000) == 5_000_000
    assert SamplePlan(max_rows=50).rows_for(1_000) == 50
    assert margin_of_error(500, 1_000, 1_000) == 0.0
    assert 0.02 < margin_of_error(500, 1_000, 1_000_000) < 0.04


def _column(values: list[str], name: str):  # noqa: ANN202
    checks = eligible(DETECTORS, name)
    counts = [sum(1 for v in values if e.detector.is_candidate(v)) for e in checks]
    todo = plausible(checks, counts, len(values))
    todo_counts = [counts[checks.index(e)] for e in todo]
    pairs = [(v, 1) for v in values]
    return todo, todo_counts, pairs


def test_early_stop_changes_no_decision() -> None:
    rng = random.Random(3)
    columns = {
        "contact": [f"user{i}@example.com" for i in range(300)] + [f"+86 138 0013 {8000 + i}" for i in range(200)],
        "mixed": [f"{rng.randint(10**10, 10**11 - 1)}" for _ in range(500)],
        "ids": ["11010519491231002X", "110105198001010016"] * 200 + ["ORD-1"] * 100,
    }
    for name, values in columns.items():
        todo, counts, pairs = _column(values, name)
        full = decide(todo, validate_values(pairs, todo), len(values))
        fast = decide(todo, validate_values(pairs, todo, counts, len(values)), len(values))
        assert (full.categories, full.matched) == (fast.categories, fast.matched), name


def test_mixed_column_reports_both_categories() -> None:
    # 60 % emails, 40 % phones: the phone share reaches the bar because the name says so
    values = [f"user{i}@example.com" for i in range(300)] + [f"+86 138 0013 {8000 + i}" for i in range(200)]
    todo, counts, pairs = _column(values, "email_or_phone")
    result = decide(todo, validate_values(pairs, todo, counts, len(values)), len(values))
    assert set(result.categories) == {"user.contact.email", "user.contact.phone_number"}
    assert result.matched == 500


def test_national_ids_of_many_countries_form_one_column() -> None:
    # no single country reaches the threshold; the category does
    values = ["11010519491231002X", "971013-9019902", "123.456.789-09", "536-90-4399", "RCCMNL83S18D969H"] * 20
    todo, counts, pairs = _column(values, "id")
    result = decide(todo, validate_values(pairs, todo, counts, len(values)), len(values))
    assert result.categories == ("user.government_id.national_identification_number",)


def test_hard_negative_columns_stay_clean(tmp_path: Path) -> None:
    rng = random.Random(11)
    import csv

    path = tmp_path / "negatives.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["order_no", "sku", "created_at", "app_version", "sha1", "md5", "amount", "epoch"])
        for _ in range(2000):
            w.writerow([f"2024{rng.randint(10**11, 10**12 - 1)}", f"SKU-{rng.randint(10000, 99999)}-XL",
                        f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 0{rng.randint(0, 9)}:00:00",
                        f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}",
                        "%040x" % rng.getrandbits(160), "%032x" % rng.getrandbits(128),
                        f"{rng.uniform(1, 999):.2f}", str(rng.randint(1_600_000_000, 1_800_000_000))])
    report = scan(str(path), plan=SamplePlan(full=True))
    assert {c.name: c.categories for c in report.tables[0].columns} == {
        c: () for c in ("order_no", "sku", "created_at", "app_version", "sha1", "md5", "amount", "epoch")}
    assert report.tables[0].individuals is None


@pytest.mark.spark
def test_spark_engine_matches_embedded(spark_ok: None, data_dir: Path) -> None:
    for name in ("people.csv", "people.parquet"):
        emb = scan(str(data_dir / name), plan=SamplePlan(full=True))
        spk = scan(str(data_dir / name), plan=SamplePlan(full=True), engine="spark")
        e = {c.name: (c.categories, c.decision.matched, c.sampled) for t in emb.tables for c in t.columns}
        s = {c.name: (c.categories, c.decision.matched, c.sampled) for t in spk.tables for c in t.columns}
        assert e == s
        assert spk.tables[0].subject_key == emb.tables[0].subject_key
        assert spk.tables[0].rows == emb.tables[0].rows


@pytest.mark.spark
def test_spark_engine_on_examples(spark_ok: None) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "data" / "cn_orders.csv"
    emb = scan(str(examples), plan=SamplePlan(full=True))
    spk = scan(str(examples), plan=SamplePlan(full=True), engine="spark")
    assert [(c.name, c.categories, c.decision.matched) for c in emb.tables[0].columns] == \
        [(c.name, c.categories, c.decision.matched) for c in spk.tables[0].columns]
