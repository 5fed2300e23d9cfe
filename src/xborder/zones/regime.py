"""ZONE-<zone>: a pilot zone's lists, assessed beside the statutes.

Provisions 2024 Art 6 (quoted in xborder.zones.model): data outside a pilot free trade zone's
negative list, provided abroad by a processor in the zone, is exempt from the security
assessment, the standard contract and certification. The zone's result says, for a hop whose
exporter is registered in a zone with a list in force:
- `permitted`, exemption `cn.exemption.free-trade-zone`: the data is off the negative list;
- `permitted`, exemption `cn.exemption.ftz-white-list`: data, recipient and destination are
  pre-cleared by the zone's white list;
- `conditional`: the data is on the list and the entry names its mechanism;
- `not_applicable`: the list grants nothing here — the data is on it with the national route
  (CN-PIPL decides), the list is not in force on the date, a condition excludes the exporter,
  or the knowledge base cannot show the data off the list (it holds only part of it).
CN-PIPL reads the same decision (one place: `CnPipl.free_trade_zone`), so the flow's status
composes the two the usual way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, Reasoning, Regime, RegimeResult, Verdict
from xborder.zones.book import (
    NEGATIVE_EXEMPTION,
    ROUTES,
    WHITE_EXEMPTION,
    Edition,
    Match,
    ZoneBook,
    ZoneDecision,
    art6,
    default_book,
    decision_key,
)

JURISDICTION = "ZONE"


def regime_id(zone: str) -> str:
    return f"ZONE-{zone}"


def is_export(hop: Hop, edition: Edition) -> bool:
    home = hop.kb.members("cn.mainland", hop.as_of) if edition.list.country == "CN" else frozenset({edition.list.country})
    return hop.sender.location_country in home and hop.recipient.location_country not in home


def _edition_text(e: Edition) -> str:
    z = e.list
    when = f"from {z.start}" + (f" (published {z.published})" if z.published and z.published != z.start else "")
    return f"{z.title or z.id} [{z.id}], {when}" + ("" if z.verified else "; unverified")


def matched_text(m: Match) -> str:
    how = " — matched by mapping (kb/data/cn/zones/_mapping.yaml)" if m.entry.by_mapping else ""
    limit = f", {m.entry.threshold.people:,} people or more" if m.entry.threshold else ""
    return f"dataset {m.dataset}: '{m.entry.label}'{limit}{how}"


def undetermined(d: ZoneDecision) -> list[str]:
    """Why the data cannot be shown off the list."""
    e = d.edition
    assert e is not None
    out = []
    if not e.list.negative:
        out.append("the edition has no negative list")
    if d.ungoverned:
        out.append(f"the list does not govern the sector or scenario of {', '.join(d.ungoverned)}: the general "
                   "rules apply to it unchanged")
    if d.unknown:
        out.append(f"the map does not say the sector or scenario of {', '.join(d.unknown)} (`sector:`/`scenario:`), "
                   "which this scenario-based list keys on")
    if d.unmapped:
        out.append(f"list items not tied to the map's categories (no mapping): {'; '.join(d.unmapped[:5])}"
                   + (f" and {len(d.unmapped) - 5} more" if len(d.unmapped) > 5 else ""))
    if not e.list.complete:
        counts = ", ".join(f"{v} {k}" for k, v in e.list.counts.items())
        out.append("the knowledge base holds only part of the published list" + (f" ({counts} reported)" if counts else "")
                   + ", so data cannot be shown to be off it")
    return out


class PilotZones(Regime):
    """One regime for every zone; each result is named ZONE-<zone id>."""

    id = "ZONE"
    jurisdiction = JURISDICTION
    title = "Pilot-zone negative and white lists (2024 Provisions Art 6)"

    def __init__(self, book: ZoneBook):
        self.book = book

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str] | None:
        return kb.members("cn.mainland", as_of)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        decision = self.book.decide(hop)
        if decision is None:
            return ("none",)
        e = decision.edition
        return (decision_key(decision), hop.as_of, hop.sender.location_country, hop.recipient.location_country,
                e is not None and is_export(hop, e), hop.in_place)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        d = self.book.decide(hop)
        if d is None:
            return None
        r = Reasoning(regime_id(d.zone), JURISDICTION)
        e = d.edition
        if e is None:
            return self.not_yet(hop, d, r)
        if not is_export(hop, e):
            return None
        r.reach(f"{EXPORTER} is registered in zone '{d.zone}' and provides data to {RECIPIENT} outside the mainland")
        r.fact(f"the zone's list in force: {_edition_text(e)}", e.cite)
        for old in d.replaced:
            r.fact(f"it replaces {old.list.title or old.id} [{old.id}] from {e.list.start}", old.cite)
        for new in d.later:
            r.fact(f"a later edition, {new.list.title or new.id} [{new.id}], applies only from {new.list.start}", new.cite)
        if d.excluded:
            return r.not_applicable(f"the list does not apply: {d.excluded}", e.cite)
        if d.pre_cleared:
            for m in d.white:
                r.rule(f"white list: {matched_text(m)} is pre-cleared", m.entry.cite)
            r.exception(WHITE_EXEMPTION, "every dataset, the recipient and the destination are within the zone's "
                        "white list", True, e.cite)
            return r.decide(Verdict.PERMITTED, "pre-cleared by the zone's white list", e.cite,
                            safeguards=hop.safeguards)
        return self.negative(hop, d, e, r)

    def not_yet(self, hop: Hop, d: ZoneDecision, r: Reasoning) -> RegimeResult:
        r.fact(f"{EXPORTER} is registered in zone '{d.zone}'")
        if not d.later:
            last = d.replaced[-1]
            return r.not_applicable(f"the zone's list ({_edition_text(last)}) ended on {last.list.until}", last.cite)
        first = d.later[0]
        return r.not_applicable(f"the zone's list ({_edition_text(first)}) is not in force on {hop.as_of}: "
                                "it applies only from its date", first.cite)

    def negative(self, hop: Hop, d: ZoneDecision, e: Edition, r: Reasoning) -> RegimeResult:
        for m in d.below:
            r.fact(f"below the entry's threshold: {matched_text(m)}", m.entry.cite)
        if d.negative:
            for m in d.negative:
                r.rule(f"on the negative list: {matched_text(m)} (route: {m.entry.route})", m.entry.cite)
            r.exception(NEGATIVE_EXEMPTION, "the data is on the zone's negative list", False, art6())
            named = {m.entry.route for m in d.negative} - {"national"}
            if not named:
                return r.not_applicable("on the negative list: no exemption; the national route applies "
                                        "(see CN-PIPL)", d.negative[0].entry.cite)
            one_of = ROUTES["security-assessment"] if "security-assessment" in named else \
                ROUTES["standard-contract-or-certification"]
            return r.decide(Verdict.CONDITIONAL, f"on the negative list: lawful with {' or '.join(one_of)} in place",
                            d.negative[0].entry.cite, one_of=one_of, safeguards=hop.safeguards)
        if d.exempt:
            r.exception(NEGATIVE_EXEMPTION, "the data matches no entry of the zone's negative list", True, art6())
            return r.decide(Verdict.PERMITTED, "off the negative list: exempt from assessment, standard contract and "
                            "certification", art6(), safeguards=hop.safeguards)
        why = undetermined(d)
        r.exception(NEGATIVE_EXEMPTION, "not shown to be off the list: " + "; ".join(why), False, art6())
        return r.not_applicable("the list grants no exemption here; the national route applies (see CN-PIPL)", e.cite)


def zone_regimes(policies: Sequence[object], regimes: Sequence[Regime], *, add: bool = True) -> list[Regime]:
    """The regimes with the map's zone files in view: CN-PIPL reads the same book, and (with
    `add`, the default set of regimes) one PilotZones regime answers for every zone. The
    engine's one hook, in `prepare_assessment`."""
    own = [p for p in policies if getattr(p, "kind", None) == "zone"]
    book = ZoneBook.of(own) if own else default_book()
    out: list[Regime] = [r.with_zone_book(book) if own and hasattr(r, "with_zone_book") else r for r in regimes]
    if add and not any(isinstance(r, PilotZones) for r in out):
        out.append(PilotZones(book))
    return out
