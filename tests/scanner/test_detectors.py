"""Each detector on its own: true positives, checksum failures, hard negatives."""

from __future__ import annotations

import pytest

from xborder.scanner.registry import DETECTORS, by_key
from xborder.taxonomy import data_categories

D = by_key()

# detector key -> (valid values, invalid: bad checksum or look-alikes)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "email": (["alice@example.com", "li.na+orders@mail.example.cn", "o'brien@example.co.uk"],
              ["alice@@example.com", "alice@example", "a..b@example.com", "user@-bad-.com", "ORD-2024-0001"]),
    "phone": (["+86 138 0013 8000", "13800138000", "+49 30 901820", "(202) 456-1111", "+1 202-456-1111 ext. 12",
               "0044 20 7946 0958", "+7 495 123-45-67"],
              ["12345", "2024-03-01", "192.168.1.1", "1709251200123", "1234.56", "+86 100 0000 0000"]),
    "bank_card": (["4111 1111 1111 1111", "5555555555554444", "378282246310005", "6212345678901232",
                   "3530111333300000"],
                  ["4111 1111 1111 1112", "1234567812345678", "9999999999999995", "2024031512345670"]),
    "iban": (["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR1420041010050500013M02606"],
             ["DE89 3704 0044 0532 0130 01", "GB00WEST12345698765432", "XX89370400440532013000"]),
    "ipv4": (["192.168.1.10", "8.8.8.8", "203.0.113.5"], ["256.1.1.1", "1.2.3", "0.0.0.0", "3.12.4"]),
    "ipv6": (["2001:db8::1", "fe80::1ff:fe23:4567:890a"], ["2001:db8:::1", "12:34", "abcd"]),
    "mac": (["00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e"],
            ["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "00:1A:2B:3C:4D", "12:30:45"]),
    "imei": (["490154203237518", "35-209900-176148-1"], ["490154203237519", "123456789012345", "00000000000000"]),
    "vin": (["1HGCM82633A004352", "WVWZZZ1JZXW000001", "LSVAU2180N2183294"],
            ["1HGCM82633A00435", "1HGCM82633A0043I2", "ABCDEFGHJKLMNPRST", "da39a3ee5e6b4b0d3"]),
    "coordinates": (["39.904211,116.407395", "-33.8688, 151.2093", "48.8566;2.3522"],
                    ["91.000,10.000", "45.0,200.123", "1.2.3,4.5"]),
    "date_of_birth": (["1985-04-12", "12.04.1985", "1985年4月12日", "04/12/1985"],
                      ["2024-13-01", "1985-02-30", "2099-01-01", "2026-11-20 12:00:00", "v1.2.3"]),
    "person_name": (["John Smith", "Anna-Lena Müller", "Jean de la Fontaine", "Иванов Иван Иванович",
                     "王伟", "欧阳娜娜", "佐藤 太郎", "김민준", "Dr. Maria Garcia"],
                    ["Blue Widget", "ORDER SHIPPED", "北京市", "Ergonomic Steel Chair", "hello world", "上海"]),
    "postal_address": (["1600 Pennsylvania Avenue NW, Washington, DC 20500", "Lindenstraße 12, 10115 Berlin",
                        "12 rue de Rivoli, 75001 Paris", "北京市朝阳区建国路88号", "東京都千代田区丸の内1丁目1番1号",
                        "서울특별시 강남구 테헤란로 152", "г. Москва, ул. Тверская, д. 7", "844 Soto Mission Carloston, MT 22734"],
                       ["ORD-2024-000123", "SKU-12345-XL", "2024-03-01 12:00:00", "Version 3.2.1", "hello 123"]),
    "icd10": (["E11.9", "J45.909", "C50.911"], ["U07.1", "E1", "SKU-E11", "A1.23"]),
    "dna_sequence": (["ACGTACGTTAGCCGATAGCT", "acgtnacgtacgtacgtacg"], ["ACGT", "AAAAAAAAAAAAAAAAAAAA", "ACGU" * 5]),
    "rsid": (["rs12345", "rs429358"], ["rs12", "RS12345", "rs12a45"]),
    "passport": (["E12345678", "C01X00T47", "123456789"], ["12345", "ABCDEFGHI", "AAAAAAAA"]),
}

# The lenient test applies only where the column name is context; see CONTEXT_ONLY below.
CONTEXT_ONLY = {("date_of_birth", "2099-01-01"): False, ("icd10", "E11"): True}


@pytest.mark.parametrize("key", sorted(CASES))
def test_true_positives(key: str) -> None:
    d = D[key]
    for value in CASES[key][0]:
        assert d.matches(value, in_context=True), f"{key} should accept {value!r}"


@pytest.mark.parametrize("key", sorted(CASES))
def test_bad_checksums_and_look_alikes(key: str) -> None:
    d = D[key]
    for value in CASES[key][1]:
        assert not d.matches(value, in_context=True), f"{key} should reject {value!r}"


def test_strict_without_context() -> None:
    # Outside a birth-date column only adult birth dates count; a child's does with context.
    child = "2020-05-01"
    assert not D["date_of_birth"].matches(child)
    assert D["date_of_birth"].matches(child, in_context=True)
    # An ICD code without a dot is accepted only in a diagnosis column.
    assert not D["icd10"].matches("E11")
    assert D["icd10"].matches("E11", in_context=True)


HARD_NEGATIVES = [
    "ORD-2024-000123", "SKU-48213-XL", "2024-03-01 12:33:00", "2024-03-01T12:33:00Z", "v2.13.4", "3.12.4",
    "d41d8cd98f00b204e9800998ecf8427e", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "shipped", "1234.56",
]


@pytest.mark.parametrize("value", HARD_NEGATIVES)
def test_hard_negatives_fire_no_structured_detector(value: str) -> None:
    # Structured detectors (with a checksum or a strict format) never accept these.
    fired = [d.key for d in DETECTORS if d.key not in ("postal_address",) and d.matches(value)]
    assert fired == [], f"{value!r} accepted by {fired}"


def test_every_category_is_in_the_taxonomy() -> None:
    taxonomy = data_categories()
    assert all(d.category in taxonomy for d in DETECTORS)


def test_registry_is_explicit_and_unique() -> None:
    keys = [d.key for d in DETECTORS]
    assert len(keys) == len(set(keys))
    assert len([k for k in keys if k.startswith("national_id.")]) >= 20


def test_context_words_in_several_languages() -> None:
    assert D["phone"].context_state("手机号") == 1
    assert D["email"].context_state("邮箱") == 1
    assert D["national_id.cn"].context_state("身份证号") == 1
    assert D["date_of_birth"].context_state("Geburtsdatum") == 1
    assert D["date_of_birth"].context_state("date_de_naissance") == 1
    assert D["ipv4"].context_state("ship_date") == 0  # "ip" must be a whole word
    assert D["ipv4"].context_state("app_version") == -1  # negative context
    assert D["person_name"].context_state("product_name") == -1


def test_patterns_are_portable_regex() -> None:
    """DuckDB (RE2), Spark (Java) and Python must read each pattern alike: no \\d, \\b,
    look-arounds or back-references."""
    for d in DETECTORS:
        for bad in ("\\d", "\\b", "(?=", "(?!", "(?<", "\\1"):
            assert bad not in d.pattern, f"{d.key}: {bad} in pattern"
