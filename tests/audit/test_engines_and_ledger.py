"""Spark and embedded give the same answers; the ledger link lists what the ledger lacks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from tests.audit.conftest import event, write_csv
from xborder.audit import locate, run_audit
from xborder.audit.embedded import EmbeddedEngine
from xborder.datamap.models import DataMap
from xborder.engine import assess_map
from xborder.ledger.note import Checkpoint, SigningKey, sign_checkpoint
from xborder.ledger.recording import build_events
from xborder.ledger.storage import open_store


def _comparable(result: Any) -> dict[str, Any]:
    d = result.as_dict()
    d["audit"].pop("engine")
    d["audit"].pop("distinct_counts")
    return d


def test_spark_and_embedded_agree(tmp_path: Path, datamap: DataMap, spark_engine: Any) -> None:
    path = tmp_path / "log.parquet"
    duckdb.connect().execute(f"""COPY (
        SELECT TIMESTAMP '2025-11-01 00:00:00' + INTERVAL (i % 400) DAY + INTERVAL (i % 7) HOUR AS time,
               CASE WHEN i % 3 = 0 THEN 'lab-us' ELSE 'shop-cn' END AS exporter,
               CASE WHEN i % 3 = 0 THEN 'lab-de' WHEN i % 3 = 1 THEN 'cloud-sg' ELSE 'analytics-us' END AS importer,
               'p' || (i % 997) AS subject,
               CASE WHEN i % 3 = 0 THEN 'genomes-to-de' WHEN i % 3 = 1 THEN 'orders-to-sg'
                    ELSE 'profiles-to-us' END AS flow,
               CASE WHEN i % 11 = 0 AND i % 3 = 2 THEN 'cn.standard-contract,cn.pipia,cn.notice,cn.separate-consent'
               END AS safeguards
        FROM range(6000) t(i)) TO '{path}' (FORMAT parquet)""")
    embedded = EmbeddedEngine(memory_limit="500MB", threads=1)
    try:
        a = run_audit(embedded, locate(str(path)), datamap)
    finally:
        embedded.close()
    spark = spark_engine()
    try:
        b = run_audit(spark, locate(str(path)), datamap)
    finally:
        spark.close()
    assert b.engine == "spark"
    assert _comparable(a) == _comparable(b)
    assert a.crossings and any(s.key.regime == "US-DSP" for s in a.series)


def test_ledger_link_lists_events_missing_from_the_ledger(tmp_path: Path, datamap: DataMap) -> None:
    key = SigningKey.generate("example.org/xborder/audit-test")
    store = open_store(str(tmp_path / "ledger.db"))
    store.initialise(key.name, key.verifier())
    assessment = assess_map(datamap, as_of=dt.date(2026, 3, 1))
    ran = build_events(datamap, assessment, ["orders-to-sg"], time=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC))
    store.append(ran)
    store.add_checkpoint(sign_checkpoint(Checkpoint(store.origin, store.size(), store.root()), key))
    # recorded after the checkpoint: not yet provable, so not covered
    store.append(build_events(datamap, assessment, ["orders-to-sg"],
                              time=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)))
    rows = [event("2026-03-01", "shop-cn", "cloud-sg", "a", "orders-to-sg"),
            event("2026-03-01", "shop-cn", "cloud-sg", "b", "orders-to-sg"),
            event("2026-03-02", "shop-cn", "cloud-sg", "c", "orders-to-sg"),
            event("2026-03-03", "shop-cn", "cloud-sg", "d", "orders-to-sg"),
            event("2026-03-03", "shop-cn", "cloud-sg", "e", "", dataset="orders")]
    engine = EmbeddedEngine(memory_limit="500MB", threads=1)
    try:
        result = run_audit(engine, locate(str(write_csv(tmp_path / "log.csv", rows))), datamap, ledger=store)
    finally:
        engine.close()
        store.close()
    link = result.ledger
    assert link is not None
    assert link["checkpoint"]["size"] == 1 and link["proofs_verified"] == 1
    assert link["covered_events"] == 2 and link["missing_events"] == 3
    missing = {(m["day"], m["flow"]): m["events"] for m in link["missing"]}
    assert missing == {("2026-03-02", "orders-to-sg"): 1, ("2026-03-03", "orders-to-sg"): 1,
                       ("2026-03-03", None): 1}
    assert {m["reason"] for m in link["missing"] if m["flow"] is None} == {"ran under no flow of the data map"}
