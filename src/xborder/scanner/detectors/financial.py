"""Payment cards (Luhn and issuer ranges) and IBANs (ISO 13616 mod-97)."""

from __future__ import annotations

from stdnum import iban, luhn

from xborder.scanner.detectors.base import Detector, ctx, digits

# Issuer identification ranges (first digits) of the card schemes in wide use, with the
# lengths each issues. A Luhn-valid number outside these ranges is far more often an
# internal id than a card.
_ISSUERS: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4, 4, (13, 16, 19)),                 # Visa
    (51, 55, (16,)),                      # Mastercard
    (2221, 2720, (16,)),                  # Mastercard 2-series
    (34, 34, (15,)), (37, 37, (15,)),     # American Express
    (6011, 6011, (16, 19)), (644, 649, (16, 19)), (65, 65, (16, 19)),  # Discover
    (3528, 3589, (16, 19)),               # JCB
    (1800, 1800, (15,)), (2131, 2131, (15,)),  # JCB, legacy 15-digit
    (62, 62, (16, 17, 18, 19)),           # UnionPay
    (300, 305, (14,)), (36, 36, (14,)), (38, 39, (14, 16)),  # Diners Club
    (2200, 2204, (16,)),                  # Mir
    (50, 50, tuple(range(12, 20))), (56, 58, tuple(range(12, 20))), (6304, 6304, tuple(range(12, 20))),
    (6759, 6759, tuple(range(12, 20))), (6761, 6763, tuple(range(12, 20))), (6390, 6390, (16,)),  # Maestro
)


def valid_card(value: str) -> bool:
    number = digits(value)
    if not 12 <= len(number) <= 19 or not luhn.is_valid(number):
        return False
    for low, high, lengths in _ISSUERS:
        width = len(str(low))
        if low <= int(number[:width]) <= high and len(number) in lengths:
            return True
    return False


CARD = Detector(
    key="bank_card",
    category="user.financial.credit_card",
    label="Payment card number",
    pattern=r"[0-9]{4}([ -]?[0-9]{2,4}){2,4}[ -]?[0-9]{0,4}",
    validate=valid_card,
    context=ctx("card", "credit card", "pan", "银行卡", "卡号", "信用卡", "karte", "kreditkarte", "carte", "cartão",
                "tarjeta", "карта", "カード", "카드"),
    negative_context=ctx("order", "sku", "imei"),
    subject_key_rank=60,
    strength=1.0,
)


def valid_iban(value: str) -> bool:
    return iban.is_valid(value)


IBAN = Detector(
    key="iban",
    category="user.financial.bank_account",
    label="IBAN",
    pattern=r"[A-Za-z]{2}[0-9]{2}( ?[A-Za-z0-9]){10,30}",
    validate=valid_iban,
    context=ctx("iban", "bank account", "account", "银行账户", "账号", "konto", "compte", "conta", "счет", "счёт", "口座", "계좌"),
    subject_key_rank=60,
    strength=1.0,
)

DETECTORS = (CARD, IBAN)
