"""The detector interface: a cheap candidate pattern, a validation hook, context words.

A detector is data, not a subclass: the engines need the same three things from every
detector and nothing else. The *pattern* must stay inside the regex subset that DuckDB
(RE2), Spark (java.util.regex) and Python's `re` read alike (character classes, groups,
alternation, counted repeats, `(?i)`/`(?s)` flags; no `\\d`, `\\b`, look-arounds or
back-references), because the embedded engine pre-filters in SQL, the Spark engine with
`rlike`, and the validation step in Python, and all three must agree value for value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

Validator = Callable[[str], bool]


def _always(_: str) -> bool:
    return True


@dataclass(frozen=True)
class Detector:
    """One kind of personal data and how to recognise a value of it.

    key:        unique id of the detector ("email", "national_id.cn", ...)
    category:   the fideslang (or extended) data category it reports
    label:      short human name for reports
    pattern:    candidate pattern, matched against the whole trimmed value
    validate:   checksum or structural test a candidate must pass (Presidio's
                "validation" step); without one, a candidate is a match
    validate_in_context: a more lenient test used when the column name carries one of
                the context words (e.g. any plausible date is a birth date in a
                column called "Geburtsdatum"); defaults to `validate`
    context:    column-name words in several languages that make this detector likely
    negative_context: column-name words that rule the detector out (e.g. "version"
                for IP addresses)
    min_ratio:  share of a column's non-empty values that must match without context
    min_ratio_with_context: the same when the column name carries a context word
    requires_context: fire only where the column name carries a context word (used for
                formats with no checksum, such as passport numbers or bare latitudes)
    strength:   how far a match can be trusted, 0-1: 1.0 for checksums, less for
                structural tests (names, addresses); scales the reported confidence
    flag, flag_name: an optional second test counted over matched values and reported
                under flag_name (e.g. dates of birth of children under 14, which PIPL
                treats as sensitive)
    subject_key_rank: how well this kind of value identifies a person (higher is
                better; 0 = not an identifier), for choosing a table's data-subject key
    """

    key: str
    category: str
    label: str
    pattern: str
    validate: Validator = _always
    validate_in_context: Validator | None = None
    context: tuple[str, ...] = ()
    negative_context: tuple[str, ...] = ()
    min_ratio: float = 0.6
    min_ratio_with_context: float = 0.3
    requires_context: bool = False
    subject_key_rank: int = 0
    strength: float = 0.9
    flag: Validator | None = None
    flag_name: str = ""
    _compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.pattern))

    def is_candidate(self, value: str) -> bool:
        """Whether the value has the shape of this kind of data (the pre-filter)."""
        return self._compiled.fullmatch(value) is not None

    def matches(self, value: str, in_context: bool = False) -> bool:
        """Candidate and valid: the per-value decision every engine makes the same way."""
        if self._compiled.fullmatch(value) is None:
            return False
        check = self.validate_in_context if (in_context and self.validate_in_context) else self.validate
        try:
            return bool(check(value))
        except Exception:  # a validator failing on odd input means "not this kind"
            return False

    def context_words(self, column_name: str) -> frozenset[str]:
        """The context words the column name carries."""
        name = normalise_name(column_name)
        return frozenset(w for w in self.context if _mentions(name, (w,)))

    def context_state(self, column_name: str) -> int:
        """+1 if the column name carries a context word, -1 if a negative one, else 0."""
        name = normalise_name(column_name)
        if _mentions(name, self.negative_context):
            return -1
        if _mentions(name, self.context):
            return 1
        return 0


def _mentions(name: str, words: tuple[str, ...]) -> bool:
    """Short Latin words ("ip", "dob") must be whole tokens, so "ship_date" is not "ip";
    longer words and CJK words may appear anywhere ("emailadresse", "用户手机号")."""
    tokens = set(name.split())
    for word in words:
        if word.isascii() and len(word) <= 3:
            if word in tokens:
                return True
        elif word in name:
            return True
    return False


def normalise_name(name: str) -> str:
    """Column names compared loosely: case-folded, NFKC, separators as spaces."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[_\-.\s/]+", " ", text).strip()


def digits(value: str) -> str:
    """The digits of a value, dropping separators people type (spaces, dashes, dots)."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


def ctx(*words: str) -> tuple[str, ...]:
    """Context words normalised the way column names are."""
    return tuple(normalise_name(w) for w in words)
