"""What every regime module shares: the result it returns and the reasoning it records.

A regime module encodes one law's transfer rules as small functions beside the articles
they implement. It returns a `RegimeResult` whose `trace` lists the facts of the map, the
rules applied, the exceptions checked (taken or not) and the verdict, each with its citation.
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import orjson

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase


class Verdict(str, enum.Enum):
    NOT_APPLICABLE = "not_applicable"
    PERMITTED = "permitted"
    CONDITIONAL = "conditional"
    PROHIBITED = "prohibited"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Verdict.NOT_APPLICABLE: 0, Verdict.PERMITTED: 1, Verdict.CONDITIONAL: 2, Verdict.PROHIBITED: 3}


# Texts name the parties by role placeholders so one result can serve every hop with the same
# facts (see Regime.cache_key); the flow's own ids are filled in when a result is rendered.
EXPORTER, RECIPIENT = "{exporter}", "{recipient}"
RECIPIENT_COUNTRY = "{recipient_country}"  # where the recipient receives the data


_PLACEHOLDERS = re.compile(b"(" + b"|".join(re.escape(p.encode()) for p in (EXPORTER, RECIPIENT, RECIPIENT_COUNTRY)) + b")")


def fill(text: str, names: Mapping[str, str] | None) -> str:
    if names and "{" in text:
        for placeholder, value in names.items():
            text = text.replace(placeholder, value)
    return text


class StepKind:
    """Kinds of reasoning step (plain strings: rendered hundreds of thousands of times)."""

    FACT = "fact"  # something the map says
    RULE = "rule"  # a provision applied
    EXCEPTION = "exception"  # an exemption or derogation checked: taken or not
    VERDICT = "verdict"


@dataclass(frozen=True, slots=True)
class Step:
    kind: str  # a StepKind
    text: str
    cite: Citation | None = None
    taken: bool | None = None  # exceptions: whether it applied

    def render(self, names: Mapping[str, str] | None = None) -> str:
        mark = ""
        if self.kind == StepKind.EXCEPTION:
            mark = " [taken]" if self.taken else " [not taken]"
        ref = f" ({self.cite.label})" if self.cite else ""
        return fill(f"{self.kind}: {self.text}{mark}{ref}", names)


@dataclass(slots=True)
class RegimeResult:
    regime: str
    jurisdiction: str
    applies: bool
    verdict: Verdict
    why: list[str] = field(default_factory=list)
    one_of: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()
    satisfied: bool = True
    missing: tuple[str, ...] = ()
    classification: dict[str, Any] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    exemptions: tuple[str, ...] = ()  # exemption ids taken, e.g. cn.exemption.below-threshold
    _json: list[bytes] | None = None  # serialised once, split at placeholders (results are shared)

    def as_dict(self, names: Mapping[str, str] | None = None) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "jurisdiction": self.jurisdiction,
            "applies": self.applies,
            "why": [fill(w, names) for w in self.why],
            "verdict": self.verdict,  # a str enum: orjson writes its value
            "requirements": {"one_of": list(self.one_of), "obligations": list(self.obligations)},
            "satisfied": self.satisfied,
            "missing": list(self.missing),
            "classification": self.classification,
            "exemptions": list(self.exemptions),
            "citations": [c.as_dict() for c in self.citations],
            "trace": [s.render(names) for s in self.steps],
        }

    def json_bytes(self, names: Mapping[bytes, bytes]) -> bytes:
        """The contract's JSON for this result with the parties' ids filled in (fast path).

        Serialised once and split at the placeholders (ids are `[a-z0-9._-]+` and countries
        ISO codes, so a value never needs JSON escaping); each use only joins the pieces."""
        pieces = self._json
        if pieces is None:
            pieces = self._json = _PLACEHOLDERS.split(orjson.dumps(self.as_dict()))
        if len(pieces) == 1:
            return pieces[0]
        out = pieces.copy()
        for i in range(1, len(out), 2):
            out[i] = names[out[i]]
        return b"".join(out)


class Reasoning:
    """Collects the steps of one regime's assessment of one hop, then builds the result."""

    def __init__(self, regime: str, jurisdiction: str):
        self.regime = regime
        self.jurisdiction = jurisdiction
        self.steps: list[Step] = []
        self.why: list[str] = []
        self.citations: list[Citation] = []
        self.exemptions: list[str] = []
        self.classification: dict[str, Any] = {}

    def fact(self, text: str, cite: Citation | None = None) -> None:
        self.steps.append(Step(StepKind.FACT, text, cite))

    def rule(self, text: str, cite: Citation | None = None) -> None:
        self.steps.append(Step(StepKind.RULE, text, cite))
        if cite is not None and cite not in self.citations:
            self.citations.append(cite)

    def exception(self, exemption_id: str, text: str, taken: bool, cite: Citation | None = None) -> bool:
        self.steps.append(Step(StepKind.EXCEPTION, f"{exemption_id}: {text}", cite, taken))
        if taken:
            self.exemptions.append(exemption_id)
            if cite is not None and cite not in self.citations:
                self.citations.append(cite)
        return taken

    def reach(self, text: str) -> None:
        """A reason the regime reaches (or does not reach) this hop."""
        self.why.append(text)
        self.steps.append(Step(StepKind.FACT, text))

    def not_applicable(self, reason: str, cite: Citation | None = None) -> RegimeResult:
        self.why.append(reason)
        self.steps.append(Step(StepKind.VERDICT, f"not applicable: {reason}", cite))
        if cite is not None and cite not in self.citations:
            self.citations.append(cite)
        return RegimeResult(
            self.regime, self.jurisdiction, False, Verdict.NOT_APPLICABLE, self.why, (), (), True, (),
            self.classification, self.citations, self.steps, tuple(self.exemptions),
        )

    def decide(
        self,
        verdict: Verdict,
        reason: str,
        cite: Citation | None,
        *,
        one_of: Sequence[str] = (),
        obligations: Sequence[str] = (),
        safeguards: Iterable[str] = (),
    ) -> RegimeResult:
        """Close the reasoning: the verdict, what it needs, and what the declared safeguards cover."""
        one_of = tuple(dict.fromkeys(one_of))
        obligations = tuple(dict.fromkeys(obligations))
        if cite is not None and cite not in self.citations:
            self.citations.append(cite)
        have = frozenset(safeguards)
        missing: list[str] = []
        if verdict is Verdict.PROHIBITED:
            satisfied = False
            missing = list(obligations)
        else:
            if one_of and not have.intersection(one_of):
                missing.append("|".join(one_of))
            missing += [o for o in obligations if o not in have]
            satisfied = not missing
        self.steps.append(Step(StepKind.VERDICT, f"{verdict.value}: {reason}", cite))
        return RegimeResult(
            self.regime, self.jurisdiction, True, verdict, self.why, one_of, obligations, satisfied,
            tuple(missing), self.classification, self.citations, self.steps, tuple(self.exemptions),
        )


class Regime(abc.ABC):
    """One law's transfer rules. Subclasses set the class attributes and implement `assess`."""

    id: ClassVar[str]  # e.g. "EU-GDPR"
    jurisdiction: ClassVar[str]  # e.g. "EU", "CN"
    title: ClassVar[str]

    def prepare(self, hops: Sequence[Hop]) -> Any:
        """Look across all hops once before assessing (e.g. volumes per exporter). Optional."""
        return None

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str] | None:
        """Countries at least one of which a hop must touch (`Hop.touching`) for this regime to
        say anything about it; None if the regime must see every hop. Lets the engine skip
        regimes with no tie to a hop without calling them."""
        return None

    def idle(self, prepared: Any) -> bool:
        """True when `prepare` found that `assess` returns None on every hop of this map (no
        dataset under the regime's control, say): the engine then skips the regime, as it skips
        those `reach_countries` rules out. Lets a regime that reaches every country cost nothing
        on maps it has nothing to say about."""
        return False

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        """Every fact of `hop` (and of `prepared`) that `assess` reads, or None for no caching.

        Hops with equal keys get the same (shared, immutable) result, so a key must cover all
        that the rule reads, and texts must name the parties by EXPORTER/RECIPIENT placeholders.

        Every regime defines one: without it the regime runs afresh on each hop it reaches and
        the engine benchmark (benchmarks/bench_engine.py) regresses. How to write it:
        - Begin with the same test as `assess`'s first lines and return a constant (`False`)
          where `assess` returns None: most hops a regime reaches only touch its country.
        - Then a tuple of what the rule reads, each reduced to what can change the result:
          `hop.as_of`; `s.location_country == "XX"` where only that is tested, the country
          itself where it is tested against a list or written in a text; `hop.personal`,
          `hop.categories`, `hop.flow.necessity` / `purpose` / `transaction`; the recipient's
          `role` and `entity.certifications`; `s.entity.id == t.entity.id`; `hop.related`
          (same group) and `hop.safeguards` (both worked out once per hop); what `prepared`
          holds for this hop (volumes, counts).
        - In texts, write `EXPORTER`, `RECIPIENT` and `RECIPIENT_COUNTRY` (the recipient's
          location) instead of the parties' ids and that country; anything else a text names
          (a dataset id, an owner, a number of people) goes into the key.
        - Subclassing `AdequacyModelRegime` (adequacy_model.py) or `TransferGroundsRegime`
          (dated.py) inherits their key; an `assess` override that reads more extends it:
          `return (super().cache_key(hop, prepared), <the extra facts>)`.
        tests/engine/test_cache_keys.py checks every regime of REGIMES on twin flows that differ
        in one fact (tests/engine/twins.py): a key without a fact the rule reads fails there.
        A rule reading a fact the twins do not vary needs a variant added to twins.py.
        """
        return None

    @abc.abstractmethod
    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        """The regime's result for one hop; None when nothing ties the hop to this law."""
