"""Trade agreements as dated data: `kb/data/agreements/<id>.yaml`, one file per agreement.

Each file names the agreement, its parties (with the dates each signed and each was bound:
entry into force, accession), and per provision of the coding scheme (`PROVISIONS`) the
article, the commitment, the exceptions with their tests, whether state-to-state dispute
settlement applies, the link to the text and whether the coding was checked against the
agreement's words. The scheme and its mapping to the TAPED dataset are in docs/atlas.md.

An agreement is not a `Fact` (it has parties and provisions, not members or values), so the
general loader leaves the folder to `load_agreements`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from xborder.kb.base import validate_file

# The provisions coded for every agreement, in the order tables show them.
PROVISIONS: tuple[str, ...] = (
    "transfer",             # cross-border transfer of information by electronic means
    "localization",         # location of computing facilities
    "personal_information",  # a personal-information protection framework
    "financial_data",       # financial-services data flows and computing facilities
    "source_code",          # no transfer of / access to source code as a condition
    "customs_duties",       # no customs duties on electronic transmissions
)

# Commitments from strongest to weakest (`binding` = "shall"; `best_endeavour` =
# "shall endeavour", "recognise the importance"; `none` = no such provision). `unknown`:
# the provision's text was not read, so no commitment is recorded (it ranks with `none`).
COMMITMENTS: tuple[str, ...] = ("binding", "best_endeavour", "none", "unknown")

# The tests a legitimate-public-policy exception may set for the measure.
TESTS: tuple[str, ...] = (
    "necessity",                 # the measure is necessary to achieve the objective
    "non_discrimination",        # not arbitrary or unjustifiable discrimination
    "no_disguised_restriction",  # not a disguised restriction on trade
    "no_greater_than_required",  # restrictions no greater than required for the objective
)

ExceptionKind = Literal["legitimate_public_policy", "essential_security", "prudential", "general"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Strict):
    """One party and the dates it took on the agreement."""

    key: str = Field(description="ISO 3166-1 alpha-2 code, or EU for the Union")
    signed: dt.date | None = Field(None, description="Day it signed (the accession protocol, if it acceded)")
    in_force: dt.date | None = Field(None, description="First day the agreement binds it; absent = not yet")
    until: dt.date | None = Field(None, description="First day it no longer binds it (withdrawal)")
    accession: bool = Field(False, description="Joined an agreement already in force")
    verified: bool = True
    source: str | None = Field(None, description="Where the dates were read")
    note: str | None = None

    def bound(self, on: dt.date) -> bool:
        return self.in_force is not None and self.in_force <= on and (self.until is None or on < self.until)


class Applicant(_Strict):
    """A state that applied to accede and is not (yet) a party."""

    key: str
    applied: dt.date | None = None
    verified: bool = True
    source: str | None = None
    note: str | None = None


class Exception_(_Strict):
    """An exception a measure inconsistent with the provision may fit."""

    kind: ExceptionKind
    article: str
    tests: tuple[str, ...] = Field(default=(), description="Tests the measure must pass (see TESTS)")
    self_judging: bool = Field(False, description="The party itself decides whether the exception is met")
    not_disputable: bool = Field(False, description="The text bars other parties from disputing such measures")
    verified: bool = True
    note: str | None = None

    @model_validator(mode="after")
    def _known_tests(self) -> "Exception_":
        unknown = [t for t in self.tests if t not in TESTS]
        if unknown:
            raise ValueError(f"unknown test(s) {unknown}; known: {', '.join(TESTS)}")
        return self


class Provision(_Strict):
    """One coded provision of an agreement."""

    article: str | None = Field(None, description="Article of the agreement; absent when `commitment: none`")
    commitment: Literal["binding", "best_endeavour", "none", "unknown"]
    exceptions: tuple[Exception_, ...] = ()
    dispute_settlement: bool | None = Field(
        None, description="State-to-state dispute settlement applies; None = not recorded")
    dispute_settlement_article: str | None = None
    url: str | None = Field(None, description="Link to the text of the provision (or the agreement)")
    read_at: str | None = Field(None, description="The copy of the text the coding was checked against, if not `url`")
    verified: bool = Field(description="The coding was checked against the agreement's words")
    note: str | None = None

    @model_validator(mode="after")
    def _article(self) -> "Provision":
        if self.verified and self.commitment in ("binding", "best_endeavour") and not self.article:
            raise ValueError("a verified provision with a commitment names its article")
        if self.commitment == "unknown" and self.verified:
            raise ValueError("an `unknown` commitment cannot be `verified`")
        return self


class Agreement(_Strict):
    id: str = Field(description="File name without .yaml; set by the loader")
    title: str
    short: str = Field(description="Short name, e.g. RCEP")
    status: Literal["in_force", "signed", "concluded", "under_negotiation"]
    signed: dt.date | None = None
    in_force: dt.date | None = Field(None, description="First entry into force for any party")
    url: str = Field(description="Official page or text of the agreement")
    checked: dt.date
    note: str | None = None
    parties: tuple[Party, ...]
    applicants: tuple[Applicant, ...] = ()
    provisions: dict[str, Provision]

    @model_validator(mode="after")
    def _every_provision(self) -> "Agreement":
        missing = [p for p in PROVISIONS if p not in self.provisions]
        unknown = [p for p in self.provisions if p not in PROVISIONS]
        if missing or unknown:
            raise ValueError(f"provisions: missing {missing}, unknown {unknown} (the scheme: {', '.join(PROVISIONS)})")
        return self

    def party(self, key: str) -> Party | None:
        return next((p for p in self.parties if p.key == key), None)

    def parties_on(self, on: dt.date) -> tuple[str, ...]:
        return tuple(p.key for p in self.parties if p.bound(on))

    def binds(self, key: str, on: dt.date) -> bool:
        party = self.party(key)
        return party is not None and party.bound(on)


def _data_root() -> Traversable:
    return resources.files("xborder.kb").joinpath("data", "agreements")


def load_agreements(root: Traversable | Path | None = None) -> dict[str, Agreement]:
    """Every agreement file under `root` (default: the bundled kb/data/agreements/)."""
    root = root or _data_root()
    out: dict[str, Agreement] = {}
    for file in sorted(root.iterdir(), key=lambda c: c.name):  # type: ignore[union-attr]
        if not file.name.endswith(".yaml"):
            continue
        agreement_id = file.name[: -len(".yaml")]
        out[agreement_id] = validate_file(Agreement, file.read_text("utf-8"), {"id": agreement_id},
                                          f"kb/data/agreements/{file.name}", "an agreement file")
    return out


@cache
def default_agreements() -> dict[str, Agreement]:
    return load_agreements()
