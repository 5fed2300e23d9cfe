"""Fixtures for the scanner tests: small files of every type, a real SQLite file, a
real PostgreSQL server (tests/pg_server.py, shared with the ledger tests), and Spark."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests/ folder, for pg_server
from pg_server import postgres_url_fixture  # noqa: E402

pg_url = postgres_url_fixture("pg_url")

# Synthetic, valid-checksum values (no real person): generated with python-stdnum / Faker.
PEOPLE = [
    {"name": "Zhang Wei", "email": "zhang.wei@example.cn", "phone": "+86 138 0013 8000",
     "id_number": "11010519491231002X", "birth": "1949-12-31"},
    {"name": "Anna Schmidt", "email": "anna.schmidt@example.de", "phone": "+49 30 901820",
     "id_number": "110105198001010016", "birth": "1980-01-01"},
    {"name": "John Smith", "email": "john.smith@example.com", "phone": "+1 202-555-0143",
     "id_number": "440305199003078235", "birth": "1990-03-07"},
    {"name": "Marie Dubois", "email": "marie.dubois@example.fr", "phone": "+33 1 46 62 02 78",
     "id_number": "31010419751212031X", "birth": "1975-12-12"},
]


def _rows(n: int = 40) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        p = PEOPLE[i % len(PEOPLE)]
        out.append({**p, "order_no": f"ORD-2026-{i:06d}", "sku": f"SKU-{1000 + i}-XL",
                    "created_at": f"2026-11-{1 + i % 20:02d} 12:{i % 60:02d}:00", "version": f"1.{i % 7}.{i % 5}"})
    return out


@pytest.fixture(scope="session")
def rows() -> list[dict[str, str]]:
    return _rows()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, str]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from openpyxl import Workbook

    d = tmp_path_factory.mktemp("scan-data")
    with (d / "people.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    with (d / "people.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r) + "\n")
    pq.write_table(pa.table({k: [r[k] for r in rows] for k in rows[0]}), d / "people.parquet")
    book = Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for r in rows:
        sheet.append(list(r.values()))
    book.save(d / "people.xlsx")
    return d


@pytest.fixture()
def sqlite_db(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "shop.sqlite"
    con = sqlite3.connect(path)
    cols = list(rows[0])
    con.execute(f"CREATE TABLE customers ({', '.join(c + ' TEXT' for c in cols)})")
    con.executemany(f"INSERT INTO customers VALUES ({', '.join('?' for _ in cols)})", [tuple(r.values()) for r in rows])
    con.execute("CREATE TABLE empty_log (id INTEGER, note TEXT)")
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="session")
def spark_ok() -> None:
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'xborder[spark]')")
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: the Spark engine needs one")
