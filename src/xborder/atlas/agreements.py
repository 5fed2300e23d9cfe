"""What binds two countries: trade agreements clause by clause, and the trade lens on an
assessment (which agreement a localization or transfer restriction must fit, under which
exception).

Rules (documented in docs/atlas.md):
- A country is bound by an agreement on a date if it is a party in force that day, or a
  member that day of a bloc that is (the Union: `blocs.eu`). A bloc argument (`ASEAN`, `EU`)
  stands for every member on the date.
- Of several agreements coding the same provision, the strongest commitment is the one
  ranked highest by `strength`: binding > best endeavour > none/unknown; then dispute
  settlement applying; then fewer self-judging exceptions; then more tests on the
  public-policy exception. Ties keep every tied agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from xborder.engine.conflicts import LOCALIZATION_OBLIGATIONS
from xborder.kb import KnowledgeBase
from xborder.kb.agreements import PROVISIONS, Agreement, Exception_, Provision

# Blocs the atlas can expand, by the id of their membership fact.
BLOC_FACTS: dict[str, str] = {"ASEAN": "blocs.asean", "EU": "blocs.eu"}
# Blocs that are themselves parties to agreements (the Union signs for its members).
PARTY_BLOCS: tuple[str, ...] = ("EU",)
# Regime jurisdictions that are not ISO codes.
JURISDICTION_PARTY: dict[str, str] = {"UK": "GB"}

_RANK = {"binding": 2, "best_endeavour": 1, "none": 0, "unknown": 0}

PROVISION_TITLES: dict[str, str] = {
    "transfer": "cross-border transfer by electronic means",
    "localization": "location of computing facilities",
    "personal_information": "personal-information protection framework",
    "financial_data": "financial-services data and computing facilities",
    "source_code": "source code",
    "customs_duties": "customs duties on electronic transmissions",
}


def bloc_members(kb: KnowledgeBase, bloc: str, on: dt.date) -> frozenset[str]:
    return kb.members(BLOC_FACTS[bloc], on)


def party_keys(kb: KnowledgeBase, country: str, on: dt.date) -> frozenset[str]:
    """The keys under which `country` can be a party on `on`: itself, and a bloc it belongs to."""
    keys = {JURISDICTION_PARTY.get(country, country)}
    for bloc in PARTY_BLOCS:
        if bloc == country or country in bloc_members(kb, bloc, on):
            keys.add(bloc)
    return frozenset(keys)


def bound(agreement: Agreement, kb: KnowledgeBase, country: str, on: dt.date) -> str | None:
    """The party key through which `country` is bound by `agreement` on `on`, if it is."""
    for key in sorted(party_keys(kb, country, on)):
        if agreement.binds(key, on):
            return key
    return None


def strength(provision: Provision) -> tuple[int, int, int, int]:
    """Sort key of a commitment: higher is stronger (see the module docstring)."""
    self_judging = sum(1 for e in provision.exceptions if e.self_judging)
    tests = max((len(e.tests) for e in provision.exceptions if e.kind == "legitimate_public_policy"), default=4)
    return (_RANK[provision.commitment], 1 if provision.dispute_settlement else 0, -self_judging, tests)


@dataclass(frozen=True)
class Clause:
    """One agreement's coding of one provision, as it binds the pair."""

    agreement: Agreement
    provision: Provision

    def as_dict(self) -> dict[str, Any]:
        p = self.provision
        return {
            "agreement": self.agreement.id, "short": self.agreement.short, "article": p.article,
            "commitment": p.commitment, "dispute_settlement": p.dispute_settlement,
            "exceptions": [exception_dict(e) for e in p.exceptions],
            "url": p.url or self.agreement.url, "read_at": p.read_at, "verified": p.verified, "note": p.note,
        }


def exception_dict(e: Exception_) -> dict[str, Any]:
    return {"kind": e.kind, "article": e.article, "tests": list(e.tests), "self_judging": e.self_judging,
            "not_disputable": e.not_disputable, "verified": e.verified, "note": e.note}


@dataclass(frozen=True)
class ProvisionRow:
    provision: str
    clauses: tuple[Clause, ...]
    strongest: tuple[Clause, ...]


@dataclass(frozen=True)
class PairReport:
    """What binds `a` and `b` on `on`, provision by provision."""

    a: str
    b: str
    on: dt.date
    binding: tuple[Agreement, ...]
    pending: tuple[tuple[Agreement, str], ...]  # (agreement, why it does not bind yet)
    rows: tuple[ProvisionRow, ...]
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # bloc -> members used
    not_bound: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # agreement -> bloc members it does not bind

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "as_of": self.on.isoformat(),
            "members": {k: list(v) for k, v in self.members.items()},
            "binding": [{"id": g.id, "short": g.short, "title": g.title,
                         "not_bound": list(self.not_bound.get(g.id, ()))} for g in self.binding],
            "pending": [{"id": g.id, "short": g.short, "status": g.status, "why": why} for g, why in self.pending],
            "provisions": [{"provision": r.provision, "title": PROVISION_TITLES[r.provision],
                            "clauses": [c.as_dict() for c in r.clauses],
                            "strongest": [c.agreement.id for c in r.strongest]} for r in self.rows],
        }


def _countries(kb: KnowledgeBase, name: str, on: dt.date) -> tuple[str, ...]:
    if name in BLOC_FACTS and name not in PARTY_BLOCS:
        return tuple(sorted(bloc_members(kb, name, on)))
    return (name,)


def binds_pair(agreement: Agreement, kb: KnowledgeBase, a: str, b: str, on: dt.date) -> bool:
    """Whether the agreement binds `a` towards `b` on `on` (both bound, through different keys)."""
    ka, kb_ = bound(agreement, kb, a, on), bound(agreement, kb, b, on)
    return ka is not None and kb_ is not None and (ka != kb_ or a != b)


def pair_report(kb: KnowledgeBase, agreements: Mapping[str, Agreement], a: str, b: str,
                on: dt.date) -> PairReport:
    """Agreements binding `a` and `b` (a bloc: every member) on `on`, clause by clause."""
    kb._check_date(on)
    side_a, side_b = _countries(kb, a, on), _countries(kb, b, on)
    binding: list[Agreement] = []
    pending: list[tuple[Agreement, str]] = []
    pairs = [(x, y) for x in side_a for y in side_b if x != y]
    unbound: dict[str, tuple[str, ...]] = {}
    for agreement in agreements.values():
        bound_pairs = [(x, y) for x, y in pairs if binds_pair(agreement, kb, x, y, on)]
        if bound_pairs:
            binding.append(agreement)
            covered = {c for pair in bound_pairs for c in pair}
            left_out = tuple(sorted(c for c in {*side_a, *side_b} if c not in covered))
            if left_out:
                unbound[agreement.id] = left_out
            continue
        why = _why_not(agreement, kb, side_a, side_b, on)
        if why:
            pending.append((agreement, why))
    rows = []
    for name in PROVISIONS:
        clauses = tuple(Clause(g, g.provisions[name]) for g in binding)
        rows.append(ProvisionRow(name, clauses, strongest(clauses)))
    members = {n: s for n, s in ((a, side_a), (b, side_b)) if n in BLOC_FACTS and n not in PARTY_BLOCS}
    return PairReport(a, b, on, tuple(binding), tuple(pending), tuple(rows), members, unbound)


def strongest(clauses: Iterable[Clause]) -> tuple[Clause, ...]:
    """The clauses with the strongest commitment (all of them when tied); none if no commitment."""
    scored = [(strength(c.provision), c) for c in clauses if _RANK[c.provision.commitment] > 0]
    if not scored:
        return ()
    best = max(s for s, _ in scored)
    return tuple(c for s, c in scored if s == best)


def _why_not(agreement: Agreement, kb: KnowledgeBase, side_a: tuple[str, ...], side_b: tuple[str, ...],
             on: dt.date) -> str | None:
    """Why an agreement both sides are (or will be) party to does not bind them yet; None if unrelated."""
    def listed(country: str) -> bool:
        return any(agreement.party(k) for k in party_keys(kb, country, on))

    def applied(country: str) -> bool:
        return any(app.key in party_keys(kb, country, on) for app in agreement.applicants)

    everyone = (*side_a, *side_b)
    if all(listed(c) or applied(c) for c in everyone) and any(listed(c) for c in everyone):
        missing = sorted(c for c in everyone if not (bound(agreement, kb, c, on)))
        if not missing:
            return None
        if agreement.status != "in_force":
            return f"{agreement.status.replace('_', ' ')}; not in force for {', '.join(missing)}"
        return f"not in force on {on} for {', '.join(missing)}" + (
            " (applicant)" if any(applied(c) and not listed(c) for c in missing) else "")
    return None


# -- the trade lens ----------------------------------------------------------------------


@dataclass(frozen=True)
class LensClause:
    """One agreement that binds the restricting party towards the other end of the hop."""

    agreement: Agreement
    provision_name: str
    provision: Provision
    advice: str  # which exception the restriction must fit, in words

    def as_dict(self) -> dict[str, Any]:
        p = self.provision
        return {"agreement": self.agreement.id, "short": self.agreement.short, "provision": self.provision_name,
                "article": p.article, "commitment": p.commitment, "dispute_settlement": p.dispute_settlement,
                "exceptions": [exception_dict(e) for e in p.exceptions], "must_fit": self.advice,
                "verified": p.verified}


@dataclass(frozen=True)
class LensFinding:
    flow: str
    regime: str
    restricting: str  # the party imposing the restriction
    partner: str  # the other end of the hop
    restriction: str  # "localization" | "transfer"
    basis: str  # the citation label of the restriction
    clauses: tuple[LensClause, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"flow": self.flow, "regime": self.regime, "restricting": self.restricting, "partner": self.partner,
                "restriction": self.restriction, "basis": self.basis,
                "agreements": [c.as_dict() for c in self.clauses]}


def must_fit(provision: Provision) -> str:
    """In words: what a measure inconsistent with the provision would have to fit."""
    if provision.commitment == "unknown":
        return "the provision's text was not read; no commitment is recorded"
    if provision.commitment == "none":
        return "no commitment: the agreement does not constrain the restriction"
    if provision.commitment == "best_endeavour":
        return "best-endeavour only: no exception is needed"
    if not provision.exceptions:
        return "no exception of its own recorded (only the agreement's general exceptions)"
    parts = []
    for e in provision.exceptions:
        label = {"legitimate_public_policy": "legitimate public policy objective",
                 "essential_security": "essential security", "prudential": "prudential carve-out",
                 "general": "general exceptions"}[e.kind]
        tests = f" (tests: {', '.join(t.replace('_', ' ') for t in e.tests)})" if e.tests else ""
        judged = "; self-judging" if e.self_judging else ""
        immune = "; not disputable" if e.not_disputable else ""
        parts.append(f"Art {e.article} {label}{tests}{judged}{immune}")
    ds = {True: "dispute settlement applies", False: "no dispute settlement", None: "dispute settlement not recorded"}
    return "one of: " + " | ".join(parts) + f" — {ds[provision.dispute_settlement]}"


def trade_lens(assessment: Any, kb: KnowledgeBase, agreements: Mapping[str, Agreement]) -> list[LensFinding]:
    """For each hop whose regime imposes a localization or transfer restriction: the agreements
    binding the restricting party and the other end, and the exception the restriction would
    have to fit. `assessment` is an engine `Assessment`."""
    on = assessment.as_of
    findings: list[LensFinding] = []
    for flow in assessment.flows:
        hop = flow.hop
        ends = (hop.sender.location_country, hop.recipient.location_country)
        for r in flow.regimes:
            if not r.applies:
                continue
            kind, basis = _restriction(r)
            if kind is None:
                continue
            restricting = JURISDICTION_PARTY.get(r.jurisdiction, r.jurisdiction)
            keys = party_keys(kb, restricting, on)
            partner = ends[1] if ends[0] in keys or _member(kb, ends[0], keys, on) else ends[0]
            clauses = []
            for g in agreements.values():
                if binds_pair(g, kb, restricting, partner, on):
                    p = g.provisions[kind]
                    clauses.append(LensClause(g, kind, p, must_fit(p)))
            findings.append(LensFinding(flow.id, r.regime, restricting, partner, kind, basis, tuple(clauses)))
    return findings


def _member(kb: KnowledgeBase, country: str, keys: frozenset[str], on: dt.date) -> bool:
    return any(k in PARTY_BLOCS and country in bloc_members(kb, k, on) for k in keys)


def _restriction(result: Any) -> tuple[str | None, str]:
    """A localization duty (an obligation the engine's conflict check knows as one), else a
    transfer restriction (a conditional or prohibitive verdict); with the citation behind it."""
    if any(o in LOCALIZATION_OBLIGATIONS for o in (*result.obligations, *result.missing)):
        cite = next((s.cite for s in result.steps if s.cite is not None and "stor" in s.text), None)
        return "localization", cite.label if cite else result.regime
    if result.verdict.value in ("prohibited", "conditional"):
        cite = next((s.cite for s in reversed(result.steps) if s.cite is not None), None)
        return "transfer", cite.label if cite else result.regime
    return None, ""


# -- coverage ------------------------------------------------------------------------------


def coverage(agreements: Mapping[str, Agreement]) -> dict[str, Any]:
    """Per agreement: provisions coded, verified against the text, and parties with verified dates."""
    rows = []
    for g in agreements.values():
        provisions = list(g.provisions.values())
        rows.append({
            "id": g.id, "short": g.short, "status": g.status,
            "provisions": len(provisions),
            "provisions_verified": sum(p.verified for p in provisions),
            "parties": len(g.parties), "parties_verified": sum(p.verified for p in g.parties),
            "unverified": [name for name, p in g.provisions.items() if not p.verified],
        })
    total = sum(r["provisions"] for r in rows)
    verified = sum(r["provisions_verified"] for r in rows)
    parties = sum(r["parties"] for r in rows)
    return {"agreements": len(rows), "provisions": total, "provisions_verified": verified,
            "share_verified": round(verified / total, 3) if total else 0.0,
            "parties": parties, "parties_verified": sum(r["parties_verified"] for r in rows),
            "rows": rows}
