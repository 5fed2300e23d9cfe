"""Issue 15 items 3, 5, 10, 11, 13 and issue 7 items 10, 12, 13 on the scanner side: each
test failed on main before its fix."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from xborder.cli.main import cli
from xborder.cli.output import OutputError, open_output, output_target
from xborder.datamap import load_map

ROOT = Path(__file__).resolve().parents[2]

# Synthetic values with valid checksums (python-stdnum), no real person.
EMAIL, CN_ID, IBAN, CARD = "anna.schmidt@example.de", "11010519491231002X", "DE89370400440532013000", "4111111111111111"


def scan(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(cli, ["scan", *args, "-q"], env=env)


def test_headerless_csv_first_row_is_data_and_never_a_column_name(tmp_path: Path) -> None:
    data = tmp_path / "noheader.csv"
    data.write_text("".join(f"{EMAIL},{CN_ID},{IBAN},{CARD}\n" for _ in range(30)))
    for fmt in ("json", "table"):
        result = scan(str(data), "--format", fmt)
        assert result.exit_code == 0, result.output
        for raw in (EMAIL, CN_ID, IBAN, CARD):
            assert raw not in result.output, f"{raw} printed in the {fmt} report"
    report = json.loads(scan(str(data), "--format", "json").stdout)
    table = report["tables"][0]
    assert table["rows"] == 30  # the first row is scanned as data
    assert [c["name"] for c in table["columns"]] == ["column_1", "column_2", "column_3", "column_4"]
    assert "user.government_id.national_identification_number" in table["categories"]
    assert any("no header row" in n for n in table["notes"])


def test_value_like_column_names_are_masked(tmp_path: Path) -> None:
    data = tmp_path / "keys.jsonl"
    data.write_text("".join(json.dumps({"email": f"u{i}@example.com", EMAIL: "x"}) + "\n" for i in range(20)))
    result = scan(str(data), "--format", "json")
    assert result.exit_code == 0, result.output
    assert EMAIL not in result.output
    names = [c["name"] for c in json.loads(result.stdout)["tables"][0]["columns"]]
    assert names[0] == "email" and names[1].startswith("column_2 (a***@")


def test_a_header_that_only_resembles_a_name_stays_a_header(tmp_path: Path) -> None:
    data = tmp_path / "orders.csv"
    data.write_text("金额,Max Amount\n" + "".join(f"{i}.50,{i}\n" for i in range(20)))
    table = json.loads(scan(str(data), "--format", "json").stdout)["tables"][0]
    assert [c["name"] for c in table["columns"]] == ["金额", "Max Amount"] and table["rows"] == 20


def test_jsonl_field_turning_from_number_to_string_is_read_as_text(tmp_path: Path) -> None:
    data = tmp_path / "mixed.jsonl"
    with data.open("w") as fh:
        for i in range(25_000):
            phone = 13800000000 + i if i < 21_000 else "+86 138 0013 8000"
            fh.write(json.dumps({"id": i, "phone": phone}) + "\n")
    result = scan(str(data), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "+86 138 0013 8000" not in result.output
    table = json.loads(result.stdout)["tables"][0]
    assert table["rows"] == 25_000 and "user.contact.phone_number" in table["categories"]


def test_reader_errors_never_quote_the_file(tmp_path: Path) -> None:
    from xborder.scanner.sources import safe_reason

    exc = ValueError('Failed to cast value to numerical: "+86 138 0013 8000" Original Line: a@b.de,1')
    assert "+86" not in safe_reason(exc) and "a@b.de" not in safe_reason(exc)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"email": "a@b.de"}\n{"email": "secret.person@example.com" oops\n')
    result = scan(str(bad))
    assert result.exit_code == 3
    assert "secret.person" not in result.output and "Traceback" not in result.output


def test_a_row_with_an_extra_field_is_reported_and_the_rest_scanned(tmp_path: Path) -> None:
    data = tmp_path / "extra.csv"
    lines = ["name,email"] + [f"Anna Schmidt,anna{i}@example.de" for i in range(2000)]
    lines.insert(1002, "Anna Schmidt,anna@example.de,EXTRA")  # file line 1003
    data.write_text("\n".join(lines) + "\n")
    result = scan(str(data), "--format", "json")
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)["tables"][0]
    assert table["rows"] == 2000
    assert "user.contact.email" in table["categories"] and "user.name" in table["categories"]
    assert any("line 1003" in n for n in table["notes"])
    assert "line 1003" in result.stderr and "EXTRA" not in result.output


def test_a_fifo_is_refused_and_stdin_is_read_as_a_stream(tmp_path: Path) -> None:
    import signal

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)

    def blocked(*_: object) -> None:
        raise TimeoutError("scan blocked on a FIFO")

    old = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(30)
    try:
        result = scan(str(fifo))  # used to block forever
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert result.exit_code == 3 and "not a regular file" in result.stderr
    result = CliRunner().invoke(cli, ["scan", "-", "--format", "json", "-q"],
                                input="email\n" + "".join(f"u{i}@example.com\n" for i in range(10)))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["source"] == "-" and "user.contact.email" in report["tables"][0]["categories"]


def test_errors_are_one_unwrapped_line(tmp_path: Path) -> None:
    long = tmp_path / ("a-rather-long-folder-name-for-a-ci-workspace-" * 2) / "missing.csv"
    result = scan(str(long), env={"COLUMNS": "80"})
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1 and str(long) in result.stderr


def test_install_hint_keeps_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_scanner(name: str, *args: object, **kwargs: object) -> object:
        if name == "xborder.scanner" or name.startswith("xborder.scanner."):
            err = ImportError("No module named 'phonenumbers'")
            err.name = "phonenumbers"
            raise err
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_scanner)
    result = CliRunner().invoke(cli, ["scan", "x.csv"])
    assert result.exit_code == 3
    assert "pip install 'xborder[scan]'" in result.stderr and "pip install -e '.[scan]'" in result.stderr


def test_report_fits_80_columns_and_never_splits_a_category(tmp_path: Path) -> None:
    result = scan(str(ROOT / "examples" / "data"), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "user.government_id.national_identification_number" in result.stdout  # whole, on one line


# --- the output helper (issue 15 item 5) --------------------------------------------------

def test_output_replaces_a_regular_file_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("old")
    path.chmod(0o640)
    with open_output(path) as fh:
        fh.write(b"new")
    assert path.read_text() == "new" and (path.stat().st_mode & 0o777) == 0o640
    with pytest.raises(RuntimeError), open_output(path) as fh:
        fh.write(b"half")
        raise RuntimeError("crash mid-write")
    assert path.read_text() == "new" and sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_output_streams_to_devices_and_fifos_without_replacing_them(tmp_path: Path) -> None:
    target = output_target("/dev/null")
    assert target.stream
    with open_output(target) as fh:
        fh.write(b"gone")
    assert Path("/dev/null").is_char_device()
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    import threading

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    with open_output(fifo) as fh:
        fh.write(b"through the pipe")
    reader.join(5)
    assert got == [b"through the pipe"] and fifo.is_fifo()


def test_output_refuses_symlinks_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("keep")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    with pytest.raises(OutputError, match="symbolic link.*--follow-symlinks"):
        output_target(link)
    with open_output(link, follow_symlinks=True) as fh:
        fh.write(b"through")
    assert link.is_symlink() and (tmp_path / "real.txt").read_text() == "through"


@pytest.mark.parametrize("command", [
    ["assess", str(ROOT / "examples" / "ecommerce.yaml")],
    ["assess", str(ROOT / "examples" / "ecommerce.yaml"), "--format", "json"],
    ["schema"],
    ["explain", str(ROOT / "examples" / "ecommerce.yaml"), "orders-to-analytics"],
    ["scan", str(ROOT / "examples" / "data" / "cn_orders.csv"), "-q"],
])
def test_every_command_writes_through_the_helper(tmp_path: Path, command: list[str]) -> None:
    runner = CliRunner()
    missing = runner.invoke(cli, [*command, "-o", str(tmp_path / "nodir" / "out")])
    assert missing.exit_code == 2 and "the folder" in missing.stderr and "does not exist" in missing.stderr
    assert missing.exception is None or isinstance(missing.exception, SystemExit)
    (tmp_path / "real").write_text("keep")
    (tmp_path / "link").symlink_to("real")
    refused = runner.invoke(cli, [*command, "-o", str(tmp_path / "link")])
    assert refused.exit_code == 2 and (tmp_path / "real").read_text() == "keep"
    written = runner.invoke(cli, [*command, "-o", str(tmp_path / "link"), "--follow-symlinks"])
    assert written.exit_code == 0, written.output
    assert (tmp_path / "link").is_symlink() and (tmp_path / "real").read_text() != "keep"
    ok = runner.invoke(cli, [*command, "-o", "/dev/null"])
    assert ok.exit_code == 0 and Path("/dev/null").is_char_device()


# --- --update-map (issue 7 item 12) -------------------------------------------------------

def test_update_map_keeps_a_larger_count_and_the_files_layout(tmp_path: Path) -> None:
    path = tmp_path / "eco.yaml"
    shutil.copy(ROOT / "examples" / "ecommerce.yaml", path)
    before = path.read_text()
    result = scan(str(ROOT / "examples" / "data" / "cn_orders.csv"), "--update-map", str(path),
                  "--dataset", "cn-orders")
    assert result.exit_code == 0, result.output
    assert "count kept at 400,000" in result.stderr
    after = path.read_text()
    changed = [a for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and "categories:" in changed[0]  # one line changed, indentation kept
    assert next(d for d in load_map(path).datasets if d.id == "cn-orders").subjects[0].count == 400_000
    result = scan(str(ROOT / "examples" / "data" / "cn_orders.csv"), "--update-map", str(path),
                  "--dataset", "cn-orders", "--replace-counts")
    assert "400,000 → 200" in result.stderr
    line = next(line for line in path.read_text().splitlines() if "count: 200" in line)
    assert re.search(r"\}\]\s+# estimated by xborder scan", line)  # after the flow sequence, not inside


# --- detectors (issue 7 item 13, walk-through 12 and 30) --------------------------------

def test_japanese_addresses_split_names_person_ids_and_the_named_country(tmp_path: Path) -> None:
    import random

    from stdnum.de import idnr
    from stdnum.jp import in_

    rng = random.Random(7)

    def steuer_id() -> str:
        while True:
            n = str(rng.randint(10**10, 10**11 - 1))
            if idnr.is_valid(n):
                return n

    def my_number() -> str:
        base = str(rng.randint(10**10, 10**11 - 1))
        return base + in_.calc_check_digit(base)

    given, family = ["Lukas", "Anna", "Paul", "Marie", "Felix"], ["Müller", "Schmidt", "Fischer", "Weber"]
    lines = ["customer_id,Vorname,Nachname,first_name,姓,住所,Steuer-ID,マイナンバー"]
    for i in range(200):
        lines.append(f"C{100000 + i},{rng.choice(given)},{rng.choice(family)},{rng.choice(given)},"
                     f"{rng.choice('田中佐藤鈴木高橋')},〒100-0001 東京都千代田区千代田{rng.randint(1, 9)}-{rng.randint(1, 30)},"
                     f"{steuer_id()},{my_number()}")
    data = tmp_path / "mixed.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = json.loads(scan(str(data), "--format", "json").stdout)["tables"][0]
    found = {c["name"]: c for c in table["columns"]}
    assert found["住所"]["categories"] == ["user.contact.address"]
    for name in ("Vorname", "Nachname", "first_name", "姓"):
        assert found[name]["categories"] == ["user.name"], name
    assert found["customer_id"]["categories"] == ["user.unique_id"]
    assert [d["label"] for d in found["Steuer-ID"]["detectors"]] == ["DE Steuer-IdNr"]
    assert [d["label"] for d in found["マイナンバー"]["detectors"]] == ["JP Individual Number (My Number)"]
