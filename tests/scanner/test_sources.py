"""Every source type, scanned for real: CSV, JSON Lines, Parquet, Excel, a folder, a
SQLite file and a PostgreSQL server started by the suite; and bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from xborder.scanner import SamplePlan, ScanError, scan

EXPECTED = {
    "name": "user.name",
    "email": "user.contact.email",
    "phone": "user.contact.phone_number",
    "id_number": "user.government_id.national_identification_number",
    "birth": "user.demographic.date_of_birth",
}
NEGATIVE = ("order_no", "sku", "created_at", "version")


def _check(report, rows: int = 40) -> None:  # noqa: ANN001
    assert len(report.tables) == 1
    table = report.tables[0]
    assert table.rows == rows
    found = {c.name: c.categories for c in table.columns}
    for column, category in EXPECTED.items():
        assert category in found[column], (column, found[column])
    for column in NEGATIVE:
        assert found[column] == (), (column, found[column])
    # four distinct people; the national id is the subject key
    assert table.subject_key == "id_number"
    assert table.individuals == 4


@pytest.mark.parametrize("name", ["people.csv", "people.jsonl", "people.parquet", "people.xlsx"])
def test_file_types(data_dir: Path, name: str) -> None:
    _check(scan(str(data_dir / name)))


def test_folder(data_dir: Path) -> None:
    report = scan(str(data_dir))
    assert sorted(t.name for t in report.tables) == ["people.csv", "people.jsonl", "people.parquet", "people.xlsx"]
    assert scan(str(data_dir), tables=["*.parquet"]).tables[0].name == "people.parquet"


def test_sqlite_file(sqlite_db: Path) -> None:
    report = scan(f"sqlite:///{sqlite_db}", tables=["customers"])
    _check(report)
    assert report.tables[0].individuals_basis.endswith("exact")


def test_sqlite_sampled_is_seeded(sqlite_db: Path) -> None:
    a = scan(f"sqlite:///{sqlite_db}", tables=["customers"], plan=SamplePlan(max_rows=10, seed=1))
    b = scan(f"sqlite:///{sqlite_db}", tables=["customers"], plan=SamplePlan(max_rows=10, seed=1))
    assert a.tables[0].sampled_rows == 10
    assert a.to_dict() == b.to_dict()


def test_empty_table_is_a_clear_error(sqlite_db: Path) -> None:
    with pytest.raises(ScanError, match="'empty_log' is empty"):
        scan(f"sqlite:///{sqlite_db}")
    report = scan(f"sqlite:///{sqlite_db}", skip_empty=True)
    assert [t.name for t in report.tables] == ["customers"]


def test_empty_csv(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("a,b\n")
    with pytest.raises(ScanError, match="is empty"):
        scan(str(tmp_path / "empty.csv"))


def test_missing_file() -> None:
    with pytest.raises(ScanError, match="no such file or folder"):
        scan("/nonexistent/data.csv")


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"this is not parquet")
    with pytest.raises(ScanError, match="cannot read"):
        scan(str(bad))
    xlsx = tmp_path / "broken.xlsx"
    xlsx.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ScanError, match="cannot read"):
        scan(str(xlsx))


def test_unsupported_file_type(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"x")
    with pytest.raises(ScanError, match="unsupported file type"):
        scan(str(tmp_path / "notes.docx"))


def test_wrong_urls(tmp_path: Path) -> None:
    with pytest.raises(ScanError, match="no such SQLite database file"):
        scan(f"sqlite:///{tmp_path}/missing.db")
    with pytest.raises(ScanError):
        scan("nosuchdialect://user:pw@host/db")
    with pytest.raises(ScanError) as info:
        scan("postgresql+psycopg://alice:s3cr3t-pw@127.0.0.1:1/db")
    assert "s3cr3t-pw" not in str(info.value)
    assert "***" in str(info.value)


def test_unknown_table(sqlite_db: Path) -> None:
    with pytest.raises(ScanError, match="no table"):
        scan(f"sqlite:///{sqlite_db}", tables=["nope"])


def test_sqlite_without_table_rows_header_only(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (email TEXT)")
    con.commit()
    con.close()
    with pytest.raises(ScanError, match="empty"):
        scan(f"sqlite:///{path}")


@pytest.fixture()
def pg_customers(pg_url: str, rows: list[dict[str, str]]) -> str:
    """Table scan_customers in the suite's PostgreSQL server, created afresh."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as con:
        cols = list(rows[0])
        con.execute("DROP TABLE IF EXISTS scan_customers")
        con.execute(f"CREATE TABLE scan_customers ({', '.join(c + ' TEXT' for c in cols)})")
        with con.cursor() as cur:
            cur.executemany(f"INSERT INTO scan_customers VALUES ({', '.join('%s' for _ in cols)})",
                            [tuple(r.values()) for r in rows])
    return pg_url


@pytest.mark.postgres
def test_postgresql(pg_customers: str) -> None:
    pg_url = pg_customers
    url = pg_url.replace("postgresql://", "postgresql+psycopg://", 1)
    _check(scan(url, tables=["scan_customers"]))
    _check(scan(pg_url, tables=["scan_customers"]))  # plain postgresql:// uses psycopg 3 when psycopg2 is absent
    # sampled in the server (TABLESAMPLE ... REPEATABLE), still finds the same columns
    sampled = scan(url, tables=["scan_customers"], plan=SamplePlan(max_rows=30))
    assert sampled.tables[0].sampled_rows <= 30
    assert "user.contact.email" in {c for col in sampled.tables[0].columns for c in col.categories}


@pytest.mark.postgres
def test_postgresql_password_never_shown(pg_customers: str) -> None:
    from sqlalchemy.engine import make_url

    pg_url = pg_customers
    url = make_url(pg_url.replace("postgresql://", "postgresql+psycopg://", 1)).set(password="hunter2-secret")
    text = url.render_as_string(hide_password=False)
    # trust auth accepts any password: the report shows the source masked
    report = scan(text, tables=["scan_customers"])
    assert "hunter2-secret" not in str(report.to_dict())
    assert ":***@" in report.source
    with pytest.raises(ScanError) as info:
        scan(text, tables=["no_such_table"])
    assert "hunter2-secret" not in str(info.value)


def test_excel_sheets_are_tables(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "kunden"
    first.append(["E-Mail", "Notiz"])
    for i in range(20):
        first.append([f"kunde{i}@example.de", "ok"])
    second = book.create_sheet("lager")
    second.append(["sku", "menge"])
    for i in range(20):
        second.append([f"SKU-{i}-XL", i])
    book.save(tmp_path / "book.xlsx")
    report = scan(str(tmp_path / "book.xlsx"))
    found = {t.name: t.categories for t in report.tables}
    assert found == {"book.xlsx#kunden": ("user.contact.email",), "book.xlsx#lager": ()}


def test_json_array_file(tmp_path: Path) -> None:
    import json

    path = tmp_path / "users.json"
    path.write_text(json.dumps([{"mail": f"u{i}@example.org", "n": i} for i in range(30)]))
    report = scan(str(path))
    assert report.tables[0].columns[0].categories == ("user.contact.email",)


def test_progress_is_reported(data_dir: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    scan(str(data_dir / "people.csv"), progress=lambda name, done, total: seen.append((name, done, total)))
    assert seen[0] == ("people.csv", 0, 1)
    assert seen[-1][1] == seen[-1][2]
