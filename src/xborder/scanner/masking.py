"""Masking of example values and of credentials, so a scan report can be shared.

A report says *what* was found; it never repeats what a person's data *is*. Examples keep
a little of the shape (first and last characters, an email's top-level domain) so that a
reviewer can tell a phone column from an id column, and nothing more.
"""

from __future__ import annotations

import re

from xborder.redact import redact_text, redact_url

_KEEP = {"phone": (3, 4), "bank_card": (4, 4), "iban": (4, 2), "imei": (2, 2), "vin": (3, 2)}


def mask_value(value: str, detector_key: str = "") -> str:
    """`13812345678` → `138****5678`; `alice@example.com` → `a***@*******.com`."""
    text = str(value)
    if len(text) <= 1 or (len(text) == 2 and detector_key != "person_name"):
        return "*" * len(text)
    if "@" in text and detector_key in ("email", ""):
        local, _, domain = text.rpartition("@")
        top = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}***@" + "*" * max(3, len(domain) - len(top) - 1) + (f".{top}" if top else "")
    family = detector_key.split(".")[0]
    if family == "person_name" or (text and not text.isascii() and len(text) <= 6):
        if " " in text:  # one initial per word: "J*** S****"
            return " ".join(w[:1] + "*" * max(1, len(w) - 1) for w in text.split())
        return text[:1] + "*" * max(1, len(text) - 1)
    if family in ("postal_address", "coordinates", "coordinate", "date_of_birth", "dna_sequence"):
        return "*" * min(len(text), 12) if family != "date_of_birth" else re.sub(r"[0-9A-Za-zÀ-ÿ]", "*", text)
    head, tail = _KEEP.get(family, (3, 4) if len(text) >= 11 else (1, 1))
    if len(text) <= head + tail + 1:
        return text[:1] + "*" * (len(text) - 1)
    return text[:head] + "*" * (len(text) - head - tail) + text[-tail:] if tail else text[:head] + "*" * (len(text) - head)


def mask_url(url: str) -> str:
    """A SQLAlchemy URL with its password replaced by ***; anything else unchanged except
    a `user:password@` pair, which is masked as well."""
    return redact_url(url)  # the project's one redaction helper (xborder.redact)


def scrub(text: str, *secrets: str) -> str:
    """Remove secrets (passwords, full URLs) from an error message before it is shown."""
    out = text
    for secret in secrets:
        if secret:
            out = out.replace(secret, "***")
    return redact_text(out, *secrets)
