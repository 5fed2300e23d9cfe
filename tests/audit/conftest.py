"""Fixtures for the audit tests: a small data map, logs written as CSV or Parquet, one Spark
session for the whole suite (skipped, with the reason, without PySpark or Java)."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from xborder.datamap import load_map
from xborder.datamap.models import DataMap

ROOT = Path(__file__).resolve().parents[2]

MAP = """\
xborder: 1
name: audit test map
entities:
  - {id: shop-cn, country: CN}
  - {id: cloud-sg, country: SG}
  - {id: analytics-us, country: US}
  - {id: seller-de, country: DE}
  - {id: crm-us, country: US, certifications: [eu-us-dpf]}
  - {id: lab-us, country: US}
  - {id: lab-de, country: DE}
locations:
  - {id: bj, country: CN}
  - {id: sg, country: SG}
  - {id: us-east, country: US}
  - {id: fra, country: DE}
datasets:
  - id: orders
    categories: [user.name, user.contact.address]
    subjects: [{residence: CN, count: 5000}]
    collected_in: CN
  - id: profiles
    categories: [user.name, user.contact.email]
    subjects: [{residence: CN, count: 5000}]
    collected_in: CN
  - id: eu-customers
    categories: [user.name, user.contact.email]
    subjects: [{residence: DE, count: 1000}]
  - id: genomes
    categories: [user.health_and_medical.genetic]
    subjects: [{residence: US, count: 50}]
flows:
  - id: orders-to-sg
    from: {entity: shop-cn, location: bj}
    to: {entity: cloud-sg, location: sg, role: processor}
    datasets: [orders]
    purpose: essential.service
    safeguards: [cn.standard-contract, cn.pipia, cn.notice, cn.separate-consent]
  - id: profiles-to-us
    from: {entity: shop-cn, location: bj}
    to: {entity: analytics-us, location: us-east}
    datasets: [profiles]
    purpose: analytics
  - id: eu-to-crm
    from: {entity: seller-de, location: fra}
    to: {entity: crm-us, location: us-east, role: processor}
    datasets: [eu-customers]
    purpose: marketing.communications
  - id: genomes-to-de
    from: {entity: lab-us, location: us-east}
    to: {entity: lab-de, location: fra}
    datasets: [genomes]
    purpose: essential.service
"""

FIELDS = ("time", "exporter", "importer", "subject", "dataset", "flow", "safeguards")


@pytest.fixture(scope="session")
def map_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("audit-map") / "map.yaml"
    p.write_text(MAP, encoding="utf-8")
    return p


@pytest.fixture(scope="session")
def datamap(map_path: Path) -> DataMap:
    return load_map(map_path)


def write_csv(path: Path, rows: list[dict[str, Any]], fields: tuple[str, ...] = FIELDS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(fields), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fields})
    return path


def event(day: str, exporter: str, importer: str, subject: str, flow: str, dataset: str = "",
          safeguards: str = "") -> dict[str, str]:
    return {"time": f"{day}T12:00:00Z", "exporter": exporter, "importer": importer, "subject": subject,
            "dataset": dataset, "flow": flow, "safeguards": safeguards}


@pytest.fixture(scope="session")
def spark_engine() -> Iterator[Any]:
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'xborder[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: the Spark engine needs one")
    from xborder.audit.spark import SparkEngine

    yield SparkEngine  # one session per process (getOrCreate), shared by every Spark test
