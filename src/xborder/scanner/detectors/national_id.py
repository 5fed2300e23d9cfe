"""National identification numbers, driven by a table of python-stdnum modules.

Each row: the country, the stdnum module whose `is_valid` checks the number's checksum
and embedded fields (birth date, region, sex digit), the candidate pattern, and the
local names of the number (used as column-name context). One table keeps the countries
comparable and makes adding a country a one-line change.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from xborder.scanner.detectors.base import Detector, ctx

CATEGORY = "user.government_id.national_identification_number"

_GENERIC_CONTEXT = ("national id", "id number", "identity", "id card", "ssn", "证件", "身份证", "身份证号",
                    "ausweis", "identité", "identidade", "документ", "паспорт", "주민")  # マイナンバー is JP's own word


@dataclass(frozen=True)
class NationalId:
    country: str
    module: str
    label: str
    pattern: str
    context: tuple[str, ...]
    # Formats with no check digit (only an embedded date) match too many other numbers
    # (timestamps, order numbers) to be trusted outside a column named for them.
    requires_context: bool = False
    # A second number of the same country gets its own key ("national_id.in_pan").
    key: str = ""


TABLE: tuple[NationalId, ...] = (
    NationalId("CN", "cn.ric", "CN resident identity card number", r"[1-9][0-9]{16}[0-9Xx]",
               ("身份证", "公民身份号码", "resident id", "ric")),
    # The first-generation card (before 1999, still in old records): region code, YYMMDD
    # (19YY), a 3-digit sequence, no check digit, so only in a column named for it.
    NationalId("CN", "cn.ric", "CN resident identity card number (15-digit)", r"[1-9][0-9]{14}",
               ("身份证", "公民身份号码", "resident id", "ric"), True, key="national_id.cn_15"),
    NationalId("US", "us.ssn", "US Social Security number", r"[0-9]{3}-[0-9]{2}-[0-9]{4}",
               ("ssn", "social security")),
    # The same number stored without its dashes (536901234), as payroll and HR systems
    # keep it: nine digits are also ids and amounts, so only in a column named for it.
    NationalId("US", "us.ssn", "US Social Security number", r"[0-9]{9}", ("ssn", "social security"), True,
               key="national_id.us_digits"),
    NationalId("KR", "kr.rrn", "KR resident registration number", r"[0-9]{6}-?[0-9]{7}",
               ("주민등록번호", "rrn", "resident registration")),
    NationalId("IN", "in_.aadhaar", "IN Aadhaar number", r"[2-9][0-9]{3} ?[0-9]{4} ?[0-9]{4}",
               ("aadhaar", "aadhar", "uid")),
    # PAN (Income Tax Department), the identifier of Indian KYC, bank and payroll records;
    # only holder type P (an individual), not companies, trusts or firms.
    NationalId("IN", "in_.pan", "IN PAN (individual)", r"[A-Za-z]{3}[Pp][A-Za-z][0-9]{4}[A-Za-z]",
               ("pan", "pan number", "permanent account number"), key="national_id.in_pan"),
    NationalId("BR", "br.cpf", "BR CPF", r"[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}", ("cpf",)),
    NationalId("JP", "jp.in_", "JP Individual Number (My Number)", r"[0-9]{4} ?[0-9]{4} ?[0-9]{4}",
               ("マイナンバー", "個人番号", "my number", "mynumber")),
    NationalId("ES", "es.dni", "ES DNI", r"[0-9]{8}-?[A-Za-z]", ("dni", "documento nacional")),
    NationalId("IT", "it.codicefiscale", "IT codice fiscale", r"[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]",
               ("codice fiscale", "codicefiscale")),
    NationalId("FR", "fr.nir", "FR NIR (numéro de sécurité sociale)", r"[12] ?[0-9]{2} ?[0-9]{2} ?[0-9ABab]{2} ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}",
               ("nir", "sécurité sociale", "securite sociale", "insee")),
    NationalId("DE", "de.idnr", "DE Steuer-IdNr", r"[1-9][0-9] ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}",
               ("steuer id", "steueridentifikationsnummer", "idnr", "steuer")),
    NationalId("NL", "nl.bsn", "NL BSN", r"[0-9]{4}\.?[0-9]{2}\.?[0-9]{3}", ("bsn", "burgerservicenummer")),
    NationalId("SE", "se.personnummer", "SE personnummer", r"([0-9]{2})?[0-9]{6}[-+]?[0-9]{4}", ("personnummer",)),
    NationalId("NO", "no.fodselsnummer", "NO fødselsnummer", r"[0-9]{6} ?[0-9]{5}", ("fødselsnummer", "fodselsnummer")),
    NationalId("FI", "fi.hetu", "FI henkilötunnus", r"[0-9]{6}[-+A-Fa-fU-Yu-y][0-9]{3}[0-9A-Ya-y]", ("hetu", "henkilötunnus")),
    NationalId("DK", "dk.cpr", "DK CPR number", r"[0-9]{6}-?[0-9]{4}", ("cpr", "personnummer"), True),
    NationalId("PL", "pl.pesel", "PL PESEL", r"[0-9]{11}", ("pesel",)),
    NationalId("ZA", "za.idnr", "ZA ID number", r"[0-9]{6} ?[0-9]{4} ?[0-9]{2} ?[0-9]", ("south african id",)),
    NationalId("MX", "mx.curp", "MX CURP", r"[A-Za-z]{4}[0-9]{6}[HMhm][A-Za-z]{5}[0-9A-Za-z][0-9]", ("curp",)),
    NationalId("CL", "cl.rut", "CL RUT", r"[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}-?[0-9Kk]", ("rut", "run")),
    NationalId("AR", "ar.cuit", "AR CUIT/CUIL", r"[0-9]{2}-?[0-9]{8}-?[0-9]", ("cuit", "cuil")),
    NationalId("TR", "tr.tckimlik", "TR T.C. Kimlik No.", r"[1-9][0-9]{10}", ("kimlik", "tckn")),
    NationalId("BE", "be.nn", "BE national number", r"[0-9]{2}[. ]?[0-9]{2}[. ]?[0-9]{2}[- ]?[0-9]{3}[. ]?[0-9]{2}", ("rijksregisternummer", "numéro national")),
    NationalId("PT", "pt.cc", "PT Cartão de Cidadão", r"[0-9]{8} ?[0-9] ?[A-Za-z0-9]{2}[0-9]", ("cartão de cidadão", "cartao cidadao")),
    NationalId("RO", "ro.cnp", "RO CNP", r"[1-9][0-9]{12}", ("cnp",)),
    NationalId("BG", "bg.egn", "BG EGN", r"[0-9]{10}", ("egn", "егн")),
    NationalId("EE", "ee.ik", "EE isikukood", r"[1-6][0-9]{10}", ("isikukood",)),
    NationalId("HR", "hr.oib", "HR OIB", r"(HR ?)?[0-9]{11}", ("oib",)),
    NationalId("CH", "ch.ssn", "CH AHV/AVS number", r"756\.?[0-9]{4}\.?[0-9]{4}\.?[0-9]{2}", ("ahv", "avs")),
    NationalId("ID", "id.nik", "ID NIK", r"[0-9]{16}", ("nik", "nomor induk"), True),
    NationalId("TH", "th.pin", "TH personal ID number", r"[1-8] ?[0-9]{4} ?[0-9]{5} ?[0-9]{2} ?[0-9]", ("บัตรประชาชน",)),
    NationalId("RU", "ru.inn", "RU INN (individual)", r"[0-9]{12}", ("инн", "inn")),
)


def _validator(module_name: str) -> Callable[[str], bool]:
    module = importlib.import_module(f"stdnum.{module_name}")
    return module.is_valid


_CN_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83 91".split()
)


def valid_cn_ric(value: str) -> bool:
    """GB 11643-1999: a province code, a real birth date and the ISO 7064 mod 11-2 check
    character. stdnum also insists the county code is in its own table; county codes are
    renumbered over the years while people keep their numbers, so that test is left out."""
    from stdnum.cn import ric

    number = value.upper()
    if len(number) != 18 or number[:2] not in _CN_PROVINCES:
        return False
    try:
        ric.get_birth_date(number)
    except Exception:
        return False
    return ric.calc_check_digit(number) == number[-1]


def valid_cn_ric_15(value: str) -> bool:
    """The 15-digit card: a province code and a real birth date 19YY-MM-DD; no checksum."""
    if len(value) != 15 or not value.isascii() or not value.isdigit() or value[:2] not in _CN_PROVINCES:
        return False
    if value[2:6] == "0000":  # a province code alone is no region of issue
        return False
    try:
        dt.date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    except ValueError:
        return False
    return True


def _ru_personal_inn(is_valid: Callable[[str], bool]) -> Callable[[str], bool]:
    # stdnum's ru.inn accepts 10-digit company numbers too; only 12 digits are people.
    return lambda value: len(value) == 12 and is_valid(value)


def _build() -> tuple[Detector, ...]:
    detectors = []
    for row in TABLE:
        check = _validator(row.module)
        if row.key == "national_id.cn_15":
            check = valid_cn_ric_15
        elif row.country == "CN":
            check = valid_cn_ric
        elif row.country == "RU":
            check = _ru_personal_inn(check)
        detectors.append(Detector(
            key=row.key or f"national_id.{row.country.lower()}",
            category=CATEGORY,
            label=row.label,
            pattern=row.pattern,
            validate=check,
            context=ctx(*row.context, *_GENERIC_CONTEXT),
            negative_context=ctx("order", "sku", "invoice", "订单", "bestell"),
            min_ratio=0.6,
            min_ratio_with_context=0.3,
            requires_context=row.requires_context,
            subject_key_rank=100,
            strength=0.8 if row.requires_context else 1.0,
        ))
    return tuple(detectors)


DETECTORS = _build()
