"""`xborder scan`: formats, exit codes, and --update-map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.datamap import load_map

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "data"

MAP = """\
xborder: 1
name: Example shop   # our shop
entities:
  - id: shop-cn
    country: CN
  - id: cloud-sg
    country: SG
datasets:
  - id: orders
    # the order table, as the team declared it
    categories:
      - user.name
      - user.contact.email
    subjects:
      - residence: CN
        count: 10
  - id: logs
    categories: []
    subjects:
      - residence: CN
      - residence: SG
flows:
  - id: orders-to-sg
    from: {entity: shop-cn}
    to: {entity: cloud-sg, role: processor}
    datasets: [orders]
    purpose: essential.service
"""


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["scan", *args])


def test_json_is_stable(data_dir: Path) -> None:
    result = run(str(data_dir / "people.csv"), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    table = data["tables"][0]
    assert {"name", "rows", "individuals", "columns"} <= set(table)
    for column in table["columns"]:
        assert {"name", "categories", "confidence", "sampled", "matched", "distinct"} <= set(column)
        for category in column["categories"]:
            assert set(column["sensitivity"][category]) == {"CN-PIPL", "EU-GDPR", "US-DSP"}
    assert data["sampling"]["mode"] == "sample"


def test_examples_table_report() -> None:
    result = run(str(EXAMPLES), "--quiet")
    assert result.exit_code == 0, result.output
    for text in ("cn_orders.csv", "身份证号", "user.government_id.national_identification_number",
                 "eu_customers.parquet", "device_events.jsonl", "clinic_visits.xlsx",
                 "user.health_and_medical.diagnosis", "individuals"):
        assert text in result.output


def test_full_and_output_file(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "report.json"
    result = run(str(data_dir / "people.jsonl"), "--full", "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["sampling"] == {"mode": "full"}
    assert data["tables"][0]["rows"] == 40


def test_exit_codes(tmp_path: Path, data_dir: Path) -> None:
    assert run("/no/such/file.csv").exit_code == 3
    assert run(str(data_dir / "people.csv"), "--engine", "nope").exit_code == 2
    assert run(str(data_dir / "people.csv"), "--fail-on", "personal").exit_code == 1
    clean = tmp_path / "clean.csv"
    clean.write_text("sku,qty\nSKU-1-XL,3\nSKU-2-S,1\n")
    assert run(str(clean), "--fail-on", "personal").exit_code == 0
    assert run(str(data_dir / "people.csv"), "--update-map", "x.yaml").exit_code == 2  # --dataset missing
    assert run(str(data_dir / "people.csv"), "--detectors", "nosuch").exit_code == 3


def test_update_map_round_trip(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(MAP)
    result = run(str(data_dir / "people.csv"), "--update-map", str(path), "--dataset", "orders")
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert "# our shop" in text and "# the order table, as the team declared it" in text  # comments kept
    m = load_map(path)
    orders = next(d for d in m.datasets if d.id == "orders")
    assert orders.categories[:2] == ("user.name", "user.contact.email")  # declared first, kept
    assert "user.government_id.national_identification_number" in orders.categories
    # the map's count (10) is larger than the file's 4 people: kept, and said so
    assert orders.subjects[0].count == 10
    assert "subjects count kept at 10" in result.output and "--replace-counts" in result.output
    assert "estimated by xborder scan" not in text
    result = run(str(data_dir / "people.csv"), "--update-map", str(path), "--dataset", "orders", "--replace-counts")
    assert result.exit_code == 0, result.output
    assert "subjects count 10 → 4" in result.output
    assert next(d for d in load_map(path).datasets if d.id == "orders").subjects[0].count == 4
    assert "estimated by xborder scan" in path.read_text()


def test_update_map_several_subject_groups(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(MAP)
    result = run(str(data_dir / "people.csv"), "--update-map", str(path), "--dataset", "logs")
    assert result.exit_code == 0, result.output
    assert "2 subject groups" in result.output
    logs = next(d for d in load_map(path).datasets if d.id == "logs")
    assert "user.contact.email" in logs.categories
    assert all(s.count == 0 for s in logs.subjects)


def test_update_map_unknown_dataset_leaves_map_alone(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(MAP)
    result = run(str(data_dir / "people.csv"), "--update-map", str(path), "--dataset", "nope")
    assert result.exit_code == 4
    assert "dataset 'nope' is not in" in result.output and "orders, logs" in result.output
    assert path.read_text() == MAP
    assert [p.name for p in tmp_path.iterdir()] == ["map.yaml"]  # no temp file left behind


def test_update_map_invalid_map(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("xborder: 1\nentities: [{id: a, country: XX}]\n")
    before = path.read_text()
    result = run(str(data_dir / "people.csv"), "--update-map", str(path), "--dataset", "orders")
    assert result.exit_code == 4
    assert path.read_text() == before


def test_update_map_json(tmp_path: Path, data_dir: Path) -> None:
    import yaml

    path = tmp_path / "map.json"
    path.write_text(json.dumps(yaml.safe_load(MAP)))
    result = run(str(data_dir / "people.csv"), "--update-map", str(path), "--dataset", "orders", "--replace-counts")
    assert result.exit_code == 0, result.output
    assert load_map(path).datasets[0].subjects[0].count == 4


@pytest.mark.spark
def test_engine_spark_cli(spark_ok: None, data_dir: Path) -> None:
    result = run(str(data_dir / "people.csv"), "--engine", "spark", "--format", "json", "--full")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["engine"] == "spark"


def test_children_are_counted_and_marked_in_the_map(tmp_path: Path) -> None:
    import datetime as dt

    this_year = dt.date.today().year
    data = tmp_path / "members.csv"
    lines = ["email,出生日期"]
    for i in range(40):
        year = this_year - (8 if i % 4 == 0 else 35)  # a quarter are children
        lines.append(f"member{i}@example.cn,{year}-03-{1 + i % 28:02d}")
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = json.loads(run(str(data), "--format", "json").stdout)
    assert report["tables"][0]["minors_under_14"] == 10
    path = tmp_path / "map.yaml"
    path.write_text(MAP)
    result = run(str(data), "--update-map", str(path), "--dataset", "orders")
    assert result.exit_code == 0, result.output
    orders = next(d for d in load_map(path).datasets if d.id == "orders")
    assert orders.subjects[0].minors is True
    assert "user.demographic.date_of_birth" in orders.categories


def test_fail_on_sensitive(tmp_path: Path) -> None:
    emails = tmp_path / "emails.csv"
    emails.write_text("email\n" + "\n".join(f"u{i}@example.com" for i in range(20)) + "\n")
    assert run(str(emails), "--fail-on", "personal").exit_code == 1
    # an email is not sensitive under CN-PIPL or EU-GDPR Art 9/10
    assert run(str(emails), "--fail-on", "sensitive").exit_code == 0
    result = run(str(EXAMPLES / "clinic_visits.xlsx"), "--fail-on", "sensitive")
    assert result.exit_code == 1  # diagnoses and genotypes, and children's birth dates
