"""Small helpers the newer regimes share for laws that change or start on a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any, ClassVar

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase, Member
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

MCC = "asean.mcc"


def next_change(hop: Hop, fact_id: str) -> dt.date | None:
    """The first day after the hop's date on which a value fact takes a new value."""
    return next((p.from_ for p in hop.kb.fact(fact_id).values if p.from_ > hop.as_of), None)


def matching_categories(hop: Hop, members: tuple[Member, ...]) -> list[str]:
    """The hop's categories that are a member key or fall under one (dotted taxonomy)."""
    return sorted({c for c in hop.categories for m in members if c == m.key or c.startswith(m.key + ".")})


def accepted_mcc(hop: Hop, jurisdiction: str) -> Member | None:
    """How (and whether) `jurisdiction`'s law accepts the ASEAN Model Contractual Clauses on the hop's date."""
    return hop.kb.member("asean.mcc", jurisdiction, hop.as_of)


def data_sectors(hop: Hop) -> frozenset[str]:
    """The sectors the hop's data is declared to be of: the flow's own, else its datasets'."""
    if hop.flow.sector:
        return frozenset({hop.flow.sector})
    return frozenset(d.sector for d in hop.datasets if d.sector)


def related(hop: Hop) -> bool:
    """Sender and recipient belong to one group: one controls the other, or a common entity controls both."""
    return hop.related


class TransferGroundsRegime(Regime):
    """A law whose transfer rule is a dated list of alternative grounds, all in the knowledge base.

    `FACT` is a value fact: null before the rule is in force; then a mapping with `law`,
    `article`, `one_of` (instrument ids), optional `group_only` (ids that serve only within a
    group), `necessity` (the map's necessity values -> {id, article}) and `reason`. The ASEAN
    Model Contractual Clauses join `one_of` where `asean.mcc` lists the jurisdiction."""

    FACT: ClassVar[str]

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({self.jurisdiction})  # every tie `assess` checks involves it

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s, t, iso = hop.sender, hop.recipient, self.jurisdiction
        if iso not in (s.country, s.location_country):
            return False  # `assess` returns None
        return (hop.as_of, s.location_country == iso, hop.personal, t.location_country == iso, related(hop),
                hop.flow.necessity, hop.safeguards)

    def out_of_scope(self, hop: Hop, r: Reasoning) -> RegimeResult | None:
        """A provision of the law that leaves this hop's data outside it (checked once the rule
        is in force, the data is personal and leaves the country): its `not_applicable` result,
        else None. None here; a subclass that overrides it extends `cache_key` with what it reads."""
        return None

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s, t, iso, kb = hop.sender, hop.recipient, self.jurisdiction, hop.kb
        if iso not in (s.country, s.location_country):
            return None
        r = Reasoning(self.id, iso)
        r.reach(f"{EXPORTER} sends the data from {iso}" if s.location_country == iso else f"{EXPORTER} is established in {iso}")
        period = kb.period(self.FACT, hop.as_of)
        if period is None or period.value is None:
            starts = next_change(hop, self.FACT)
            reason = f"the transfer rule is not yet in force: it applies from {starts}" if starts else \
                "no general rule on transfers of personal data abroad was found"
            note = " ".join((period.note or "").split()) if period else ""
            return r.not_applicable(reason + (f" ({note})" if note else ""), kb.cite(self.FACT, period))
        rule, cite = period.value, kb.cite(self.FACT, period)
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if t.location_country == iso:
            return r.not_applicable(f"{RECIPIENT} receives the data in {iso}: no transfer abroad", cite)
        r.rule(f"{RECIPIENT} receives the data in {RECIPIENT_COUNTRY}, outside {iso} ({rule['law']})", cite)
        outside = self.out_of_scope(hop, r)
        if outside is not None:
            return outside
        have = set(hop.safeguards)
        one_of = []
        group = related(hop)
        for ground in rule["one_of"]:
            if ground in rule.get("group_only", ()) and not group:
                r.fact(f"{RECIPIENT} is not in {EXPORTER}'s group: {ground} cannot serve", cite)
                continue
            one_of.append(ground)
        grounds = rule.get("necessity") or {}
        if grounds:
            ground = grounds.get(hop.flow.necessity or "")
            gid = next(iter(grounds.values()))["id"]
            r.exception(gid, f"necessity '{hop.flow.necessity}' ({rule['law']} {ground['article']})" if ground else
                        "the flow claims no necessity the law accepts", ground is not None,
                        Citation.of(cite.law, ground["article"], cite.url) if ground else cite)
            if ground:
                have.add(gid)
        mcc = accepted_mcc(hop, iso)
        if mcc is not None:
            one_of.append(MCC)
            r.fact(f"the ASEAN Model Contractual Clauses serve as {mcc.attributes['serves_as']}", kb.cite("asean.mcc", mcc))
            if MCC in have:
                have.update(rule.get("mcc_serves", ()))
        return r.decide(Verdict.CONDITIONAL, rule["reason"], cite, one_of=one_of, obligations=rule.get("obligations", ()),
                        safeguards=have)
