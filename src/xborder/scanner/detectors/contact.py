"""Email addresses and telephone numbers."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from xborder.scanner.detectors.base import Detector, ctx

_DOMAIN_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", re.IGNORECASE)


def valid_email(value: str) -> bool:
    """RFC 5321 limits on the parts, and a domain made of valid DNS labels. A mailbox with
    a display name ("Doe, John" <john.doe@example.com>, as mail logs and CRM exports write
    it) is judged by its address."""
    if value.endswith(">"):
        value = value[value.rindex("<") + 1:-1]
    local, _, domain = value.rpartition("@")
    if not local or len(local) > 64 or len(domain) > 253 or ".." in value:
        return False
    if local.startswith(".") or local.endswith("."):
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(_DOMAIN_LABEL.fullmatch(lab) for lab in labels) and labels[-1].isalpha()


EMAIL = Detector(
    key="email",
    category="user.contact.email",
    label="Email address",
    pattern=r"([^<>@]{0,100}<)?[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63}){1,8}>?",
    validate=valid_email,
    context=ctx("email", "e-mail", "mail", "邮箱", "电子邮件", "メール", "이메일", "courriel", "correo", "почта"),
    subject_key_rank=80,
)

# Regions tried for numbers written without a country code: the two largest sources of
# national-format numbers in cross-border data maps this project serves (CN, US) plus
# the markets of its regimes. A number must be *valid* (not merely possible) there.
NATIONAL_REGIONS: tuple[str, ...] = ("CN", "US", "GB", "DE", "FR", "JP", "KR", "BR", "RU", "IN")
# Regions whose national numbers are always written with the trunk prefix 0 (030 ..., 01 42 ...,
# 03-1234-5678, 010-1234-5678): without it, a value is not a national number there, whatever
# libphonenumber's bare national-significant-number check says (563-11-5607, a US SSN, is a
# "valid" DE, FR and JP number once the 0 is assumed).
TRUNK_ZERO_REGIONS: frozenset[str] = frozenset(("GB", "DE", "FR", "JP", "KR"))
# An extension written after the number ("x123", "ext. 12", "#12", "转8001").
_EXTENSION = re.compile(r" ?([Ee][Xx][Tt]\.?|[Xx]|#|分机|转) ?[0-9]{1,6}$")


# A CN mobile number after the country code 86 written without + or 00 (SMS gateways and
# Chinese CRMs store them so): 86, then 1[3-9] and nine digits. Only this shape: other bare
# country-code-first digit runs are as often EAN-13 product codes or ids.
_CN_MOBILE_WITH_CC = re.compile(r"86[ -]?1[3-9][0-9]([ -]?[0-9]){8}")

# Dates and dotted quads have the characters of a phone number but are not dialled.
_NOT_A_PHONE = re.compile(r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4}"
                          r"|[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}")


# An integer column with gaps comes out of pandas as floats: 4155552600.0.
_FLOAT_INTEGER = re.compile(r"[0-9]+\.0")


def _normalise_phone(value: str) -> str:
    """Full-width digits and punctuation (０９０－１２３４－５６７８, as Japanese forms store
    them) as ASCII (NFKC), and the '.0' of a number written as a float dropped."""
    text = unicodedata.normalize("NFKC", value).strip()
    if _FLOAT_INTEGER.fullmatch(text):
        text = text[:-2]
    return text


def valid_phone(value: str) -> bool:
    """Valid under libphonenumber's metadata: international form, or national form in
    one of NATIONAL_REGIONS."""
    text = _normalise_phone(value)
    if text.startswith("(+"):  # (+86)13812345678, (+49) 30 901820
        text = "+" + text[2:].replace(")", " ", 1)
    elif _CN_MOBILE_WITH_CC.fullmatch(text):  # 8613812345678: CN mobile with its country code, no +
        text = "+" + text
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+"):
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(text, None))
        except phonenumbers.NumberParseException:
            return False
    # National form. A bare run of digits is only taken for a phone number in the shapes
    # people store them: a trunk prefix 0, a CN mobile (1[3-9] and 11 digits), or a NANP
    # number (10 digits, area and exchange codes not starting with 0/1); anything else
    # is an id, an amount or a timestamp, and libphonenumber is not asked (it is slow).
    main = _EXTENSION.sub("", text)  # the extension's digits are not the number's length
    number = "".join(ch for ch in main if ch.isdigit())
    if not 7 <= len(number) <= 12 or _NOT_A_PHONE.fullmatch(text):
        return False
    if text.isdigit():
        if not (text[0] == "0" or (len(text) == 11 and text[0] == "1" and text[1] in "3456789")
                or (len(text) == 10 and text[0] in "23456789" and text[3] in "23456789")):
            return False
    elif "." in text and " " not in text and "-" not in text and text.count(".") == 1:
        return False  # 1234.56: a decimal, not a number someone dials
    trunk = main.lstrip("( ").startswith("0")
    for region in NATIONAL_REGIONS:
        if region in TRUNK_ZERO_REGIONS and not trunk:
            continue
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, region):
            return True
    return False


PHONE = Detector(
    key="phone",
    category="user.contact.phone_number",
    label="Phone number",
    pattern=r"(\+|00|\(\+|＋|（＋)?[0-9０-９(（][0-9０-９ ()./（）－　-]{5,22}[0-9０-９]( ?([Ee][Xx][Tt]\.?|[Xx]|#|分机|转) ?[0-9]{1,6})?",
    validate=valid_phone,
    context=ctx("phone", "mobile", "tel", "telephone", "cell", "手机", "手机号", "电话", "联系方式", "telefon",
                "handy", "téléphone", "telephone", "portable", "telefone", "celular", "телефон", "電話",
                "携帯", "전화", "휴대폰"),
    negative_context=ctx("fax"),
    subject_key_rank=70,
)

DETECTORS = (EMAIL, PHONE)
