"""Values as real tables hold them (national formats, extensions, look-alikes of other
kinds), beyond the detector cases of test_detectors.py. All synthetic."""

from __future__ import annotations

import pytest

from xborder.scanner.detectors.contact import valid_phone
from xborder.scanner.registry import by_key

D = by_key()


def test_national_phone_numbers_need_their_trunk_prefix_where_people_always_write_it() -> None:
    # Written as people write them at home: with the 0 (DE, FR, UK, JP, KR) ...
    for value in ("030 12345678", "(030) 12345678", "01 42 68 53 00", "0161 496 0000", "090-1234-5678",
                  "010-1234-5678"):
        assert valid_phone(value), value
    # ... and without it where that is the custom (US, CN mobiles, BR area code, IN mobiles).
    for value in ("212-555-0123", "13812345678", "(11) 91234-5678", "98765 43210"):
        assert valid_phone(value), value
    # US SSN-shaped values are no DE/FR/JP/KR national number without the 0.
    for value in ("563-11-5607", "114-21-7775", "219-09-9999"):
        assert not valid_phone(value), value
        assert not D["phone"].matches(value, in_context=True), value


def test_an_extension_does_not_count_towards_the_numbers_length() -> None:
    for value in ("415 555 2671 x123", "(415) 555-2671 x123", "(415) 555-2671 ext. 4501", "+1 415 555 2671 x123"):
        assert D["phone"].matches(value), value


def test_short_person_id_words_are_whole_tokens(tmp_path) -> None:  # noqa: ANN001
    import json

    from click.testing import CliRunner

    from xborder.cli.main import cli

    path = tmp_path / "builds.csv"
    rows = ["build_id,guid,liquidity_ratio,user_uid"]
    rows += [f"{1000 + i},{i:08x}-aaaa-4bbb-8ccc-{i:012x},0.{i:04d},U{i:05d}" for i in range(30)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    table = json.loads(result.output)["tables"][0]
    columns = {c["name"]: c["categories"] for c in table["columns"]}
    assert columns["build_id"] == columns["guid"] == columns["liquidity_ratio"] == []
    assert columns["user_uid"] == ["user.unique_id"]
    assert table["subject_key"] == "user_uid"


def test_birth_dates_exported_with_a_midnight_time_or_as_yyyymmdd() -> None:
    dob = D["date_of_birth"]
    for value in ("1986-05-17 00:00:00", "1986-05-17T00:00:00", "1986-05-17T00:00:00Z", "1986-05-17 00:00:00.000",
                  "17.05.1986 00:00", "1986-05-17 00:00:00+00", "1986-05-17T00:00:00+00:00"):
        assert dob.matches(value) and dob.matches(value, in_context=True), value
    # A time of day is an event, not a birth date.
    for value in ("1986-05-17 12:30:00", "2026-11-20 12:00:00", "1986-05-17 00:00:00+05"):
        assert not dob.matches(value, in_context=True), value
    # Eight digits are a birth date only in a column named for one, and must be a real date.
    assert dob.matches("19860517", in_context=True) and not dob.matches("19860517")
    for value in ("19861317", "19860230", "12345678", "99991231"):
        assert not dob.matches(value, in_context=True), value
    assert dob.flag is not None and dob.flag("20200517") and not dob.flag("19860517")


def test_a_birth_date_column_of_timestamps_is_found(tmp_path) -> None:  # noqa: ANN001
    import json

    from click.testing import CliRunner

    from xborder.cli.main import cli

    path = tmp_path / "members.csv"
    rows = ["member_no,birth_date,geburtsdatum"]
    rows += [f"M{i:04d},19{60 + i % 40}-0{1 + i % 9}-1{i % 10} 00:00:00,19{60 + i % 40}0{1 + i % 9}1{i % 10}"
             for i in range(40)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    columns = {c["name"]: c for c in json.loads(result.output)["tables"][0]["columns"]}
    for name in ("birth_date", "geburtsdatum"):
        assert columns[name]["categories"] == ["user.demographic.date_of_birth"], name
        assert columns[name]["matched"] == 40
        assert all(set(ex) <= set("*-: ") for d in columns[name]["detectors"] for ex in d["examples"])


def test_names_family_name_first_with_a_comma_and_vietnamese_letters() -> None:
    name = D["person_name"]
    for value in ("Smith, John", "Garcia, Maria", "Müller, Jürgen", "Иванов, Иван", "Nguyễn Văn An"):
        assert name.is_candidate(value) and name.matches(value), value
    for value in ("Berlin, Germany", "Blue, Widget", "Smith,, John", ", John", "Ergonomic, Steel Chair"):
        assert not name.matches(value), value
    assert D["person_name.part"].matches("Nguyễn", in_context=True)


def test_a_crm_name_column_sorted_by_family_name_is_found(tmp_path) -> None:  # noqa: ANN001
    import json

    from click.testing import CliRunner

    from xborder.cli.main import cli

    people = ["Smith, John", "Garcia, Maria", "Miller, Anna", "Johnson, Robert", "Brown, Linda"]
    path = tmp_path / "crm.csv"
    path.write_text("contact,city\n" + "\n".join(f'"{people[i % 5]}",Berlin' for i in range(40)) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    column = json.loads(result.output)["tables"][0]["columns"][0]
    assert column["name"] == "contact"
    assert column["categories"] == ["user.name"]
    assert column["matched"] == 40
    assert all(", " not in ex or ex.count("*") >= 5 for d in column["detectors"] for ex in d["examples"])


def test_parquet_birth_dates_typed_as_timestamps_are_found(tmp_path) -> None:  # noqa: ANN001
    import datetime as dt
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq
    from click.testing import CliRunner

    from xborder.cli.main import cli

    born = [dt.datetime(1960 + i, 1 + i % 12, 1 + i % 28) for i in range(40)]
    path = tmp_path / "people.parquet"
    pq.write_table(pa.table({"dob_ts": pa.array(born), "geburtstag": pa.array(born)}), path)
    result = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    for column in json.loads(result.output)["tables"][0]["columns"]:
        assert column["categories"] == ["user.demographic.date_of_birth"], column["name"]
        assert column["matched"] == 40


def test_cn_mobiles_with_the_country_code_but_no_plus_and_a_parenthesised_plus() -> None:
    phone = D["phone"]
    for value in ("8613812345678", "86-13812345678", "86 138 1234 5678", "(+86)13812345678", "(+49) 30 901820"):
        assert phone.is_candidate(value) and phone.matches(value), value
    # Only the CN-mobile shape: other 13-digit runs are EAN-13 codes and ids.
    for value in ("8612345678901", "4006381333931", "6901234567892", "(+)123456"):
        assert not phone.matches(value, in_context=True), value


def test_indian_pan_of_individuals() -> None:
    pan = D["national_id.in_pan"]
    assert pan.category == "user.government_id.national_identification_number"
    for value in ("ABCPE1234F", "bnzpm2501f"):
        assert pan.matches(value), value
    # Companies (C), a wrong shape, a product code.
    for value in ("AAACE1234F", "ABCPE1234", "ABCDE1234F", "AB1PE1234F", "SKUPX1234Z1"):
        assert not pan.matches(value, in_context=True), value
    assert pan.context_state("PAN_number") == 1


def test_a_pan_column_is_a_national_id_column(tmp_path) -> None:  # noqa: ANN001
    import json

    from click.testing import CliRunner

    from xborder.cli.main import cli

    values = ["ABCPE1234F", "BNZPM2501F", "AAAPL1234C", "DHQPK7712M"]
    path = tmp_path / "kyc.csv"
    path.write_text("pan\n" + "\n".join(values[i % 4] for i in range(20)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    column = json.loads(result.output)["tables"][0]["columns"][0]
    assert column["categories"] == ["user.government_id.national_identification_number"]
    assert [d["detector"] for d in column["detectors"]] == ["national_id.in_pan"]
    assert all(ex[1:-1] == "*" * 8 for ex in column["detectors"][0]["examples"])


def test_uk_national_insurance_numbers() -> None:
    nino = D["national_id.gb_nino"]
    for value in ("AB123456C", "JG 10 37 48 A", "ab123456c"):
        assert nino.matches(value), value
    # HMRC's never-allocated prefixes and letters, a bad suffix, a short number.
    for value in ("QQ 12 34 56 C", "GB123456A", "AO123456A", "AB123456E", "AB12345C", "DA123456A"):
        assert not nino.matches(value, in_context=True), value
    assert nino.context_state("ni_number") == 1 and nino.context_state("pin") == 0


def test_us_ssn_without_dashes_only_in_an_ssn_column(tmp_path) -> None:  # noqa: ANN001
    import json

    from click.testing import CliRunner

    from xborder.cli.main import cli

    plain = D["national_id.us_digits"]
    assert plain.requires_context and plain.context_state("employee_ssn") == 1
    assert plain.matches("536901234", in_context=True)
    for value in ("219099999", "000123456", "666123456", "900123456"):
        assert not plain.matches(value, in_context=True), value
    values = ["536901234", "601456789", "412345678", "523456781"]
    path = tmp_path / "payroll.csv"
    path.write_text("ssn,batch_no\n" + "\n".join(f"{values[i % 4]},{values[(i + 1) % 4]}" for i in range(20)) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    columns = {c["name"]: c for c in json.loads(result.output)["tables"][0]["columns"]}
    assert columns["ssn"]["categories"] == ["user.government_id.national_identification_number"]
    assert columns["batch_no"]["categories"] == []


def test_mailboxes_with_a_display_name_are_emails_and_masked() -> None:
    from xborder.scanner.masking import mask_value

    email = D["email"]
    for value in ("John Doe <john.doe@example.com>", '"Doe, John" <John.Doe+news@Example.COM>', "<a@b.co>"):
        assert email.is_candidate(value) and email.matches(value), value
    for value in ("alice@example.com>", "John <alice@example>", "a<b@c.com>x", "<>"):
        assert not email.matches(value, in_context=True), value
    masked = mask_value("John Doe <john.doe@example.com>", "email")
    assert "Doe" not in masked and "john" not in masked


def _placeholder_table(tmp_path):  # noqa: ANN001, ANN202
    from xborder.scanner.sources import PLACEHOLDERS

    path = tmp_path / "contacts.csv"
    gaps = [*PLACEHOLDERS, "N/A", "NULL", "None", "Unknown", "", "   ", "\t", "\u3000"]
    rows = ["id,contact"]
    for i in range(120):
        value = f"+1 415 555 {2600 + i:04d}" if i % 4 == 0 else gaps[i % len(gaps)]
        rows.append(f'{i},"{value}"')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_placeholders_for_missing_values_are_empty_not_unmatched(tmp_path) -> None:  # noqa: ANN001
    from xborder.scanner.api import scan
    from xborder.scanner.sampling import SamplePlan

    # One value in four is a phone number, the rest 'N/A', 'NULL', '-', blanks: the real
    # values all match, so the column is a phone column at a 100 % rate.
    report = scan(str(_placeholder_table(tmp_path)), plan=SamplePlan(full=True))
    contact = report.tables[0].columns[1]
    assert contact.categories == ("user.contact.phone_number",)
    assert contact.sampled == contact.decision.matched == 30


@pytest.mark.spark
def test_placeholders_are_empty_in_the_spark_engine_too(spark_ok: None, tmp_path) -> None:  # noqa: ANN001
    from xborder.scanner.api import scan
    from xborder.scanner.sampling import SamplePlan

    path = _placeholder_table(tmp_path)
    emb = scan(str(path), plan=SamplePlan(full=True))
    spk = scan(str(path), plan=SamplePlan(full=True), engine="spark")
    assert [(c.name, c.categories, c.decision.matched, c.sampled) for c in emb.tables[0].columns] == \
        [(c.name, c.categories, c.decision.matched, c.sampled) for c in spk.tables[0].columns]


def test_phones_written_as_floats_or_in_full_width_digits() -> None:
    # pandas writes an integer column with gaps as floats; Japanese forms keep full-width digits.
    for value in ("4155552600.0", "13812345678.0", "０９０－１２３４－５６７８", "（０３）１２３４－５６７８",
                  "＋８１ ９０－１２３４－５６７８"):
        assert D["phone"].matches(value), value
    # Only a whole number's '.0' is dropped; the usual checks still apply to what is left.
    for value in ("4155552600.5", "1234.0", "12345678.0", "20231201.0", "１２３４５６", "１２３４.５６"):
        assert not D["phone"].matches(value), value


def _phone_table(tmp_path):  # noqa: ANN001, ANN202
    path = tmp_path / "members.csv"
    full_width = str.maketrans("0123456789-", "０１２３４５６７８９－")
    rows = ["member,tel_jp,phone_float"]
    rows += [f"{i},{f'090-1234-{5600 + i:04d}'.translate(full_width)},{4155552600 + i}.0" for i in range(40)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_full_width_and_float_phone_columns_are_found(tmp_path) -> None:  # noqa: ANN001
    from xborder.scanner.api import scan
    from xborder.scanner.sampling import SamplePlan

    found = {c.name: c.categories for c in scan(str(_phone_table(tmp_path)), plan=SamplePlan(full=True)).tables[0].columns}
    assert found["tel_jp"] == found["phone_float"] == ("user.contact.phone_number",)


@pytest.mark.spark
def test_full_width_phone_pattern_reads_the_same_in_spark(spark_ok: None, tmp_path) -> None:  # noqa: ANN001
    from xborder.scanner.api import scan
    from xborder.scanner.sampling import SamplePlan

    path = _phone_table(tmp_path)
    emb = scan(str(path), plan=SamplePlan(full=True))
    spk = scan(str(path), plan=SamplePlan(full=True), engine="spark")
    assert [(c.name, c.categories, c.decision.matched) for c in emb.tables[0].columns] == \
        [(c.name, c.categories, c.decision.matched) for c in spk.tables[0].columns]


def test_birth_dates_with_month_names() -> None:
    from xborder.scanner.detectors.person import parse_date

    # English, German and French spellings, full or abbreviated, day-first or month-first.
    for value in ("17 May 1986", "May 17, 1986", "17-May-1986", "17th May 1986", "Sept 3, 1975", "17. Mai 1986",
                  "3 März 1975", "17 juillet 1986", "3 décembre 1975", "17.05.1986"):
        assert D["date_of_birth"].matches(value), value
        assert parse_date(value) is not None, value
    assert parse_date("May 17, 1986") == parse_date("17-May-1986") == parse_date("1986-05-17")
    # Not a month, not a day of that month, or too recent for an adult outside a birth-date column.
    for value in ("17 Foo 1986", "31 Feb 1986", "Monday 17, 1986", "17 May 2024"):
        assert not D["date_of_birth"].matches(value), value
    assert D["date_of_birth"].matches("17 May 2024", in_context=True)


def test_old_15_digit_cn_resident_id_only_in_a_column_named_for_it(tmp_path) -> None:  # noqa: ANN001
    import random

    from xborder.scanner.api import scan
    from xborder.scanner.detectors.national_id import valid_cn_ric_15
    from xborder.scanner.sampling import SamplePlan

    # Region code (province 11, 44, ...), YYMMDD birth date, 3-digit sequence.
    assert valid_cn_ric_15("110105860517123") and valid_cn_ric_15("440301751203456")
    for value in ("990105860517123", "110105861317123", "110105860230123", "110000860517123", "11010586051712"):
        assert not valid_cn_ric_15(value), value
    rng = random.Random(15)
    ids = [f"{rng.choice(('110105', '310104', '440301'))}{rng.randint(50, 98):02d}{rng.randint(1, 12):02d}"
           f"{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}" for _ in range(40)]
    path = tmp_path / "old_records.csv"
    path.write_text("身份证号,tracking_no\n" + "\n".join(f"{v},{v}" for v in ids) + "\n", encoding="utf-8")
    found = {c.name: c.categories for c in scan(str(path), plan=SamplePlan(full=True)).tables[0].columns}
    assert found == {"身份证号": ("user.government_id.national_identification_number",), "tracking_no": ()}


def test_a_birth_date_with_a_month_name_is_masked_month_and_all() -> None:
    from xborder.scanner.masking import mask_value

    assert mask_value("17 May 1986", "date_of_birth") == "** *** ****"
    assert mask_value("May 17, 1986", "date_of_birth") == "*** **, ****"
    assert mask_value("1986-05-17", "date_of_birth") == "****-**-**"
