"""Filings: when a filed or approved mechanism is in effect on the date assessed.

A flow's `safeguards:` say a mechanism is in place, with no date. A filing of the same
mechanism says when it was filed, approved and when it lapses, so it decides: on the days
the filing is in effect the mechanism counts for the flows it covers, and on other days it
does not (even if the flow also lists it), and each flow's result says which filing did what.
Which event puts a mechanism in effect, and how long it lasts, is law: the knowledge base's
`*.filings` facts (e.g. `cn.filings`: the security assessment from its approval for its
validity; the standard contract from its taking effect, provided it is filed within 10
working days). A mechanism listed nowhere counts from its approval until its `expires`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from xborder.datamap.models import DataMap, Filing, Flow
from xborder.kb import Citation, KnowledgeBase, Member

IN_EFFECT, NOT_YET, EXPIRED, OUTSTANDING, REFUSED = "in_effect", "not_yet", "expired", "outstanding", "refused"


@dataclass(frozen=True, slots=True)
class FilingState:
    """A filing on one date: whether it puts its mechanism in effect, from when, until when, why."""

    filing: Filing
    state: str  # IN_EFFECT | NOT_YET | EXPIRED | OUTSTANDING (not filed / not yet approved) | REFUSED
    starts: dt.date | None  # first day in effect (None: never, as it stands)
    expires: dt.date | None  # last day in effect (None: open-ended)
    why: str
    cite: Citation | None

    @property
    def in_effect(self) -> bool:
        return self.state == IN_EFFECT

    def as_dict(self) -> dict[str, Any]:
        f = self.filing
        out: dict[str, Any] = {"id": f.id, "mechanism": f.mechanism, "status": f.status, "state": self.state,
                               "in_effect_from": self.starts.isoformat() if self.starts else None,
                               "expires": self.expires.isoformat() if self.expires else None, "why": self.why}
        if f.authority:
            out["authority"] = f.authority
        if self.cite:
            out["citation"] = self.cite.as_dict()
        return out


def _rule(kb: KnowledgeBase, mechanism: str, on: dt.date) -> tuple[Member | None, str | None]:
    """The knowledge base's rule for this mechanism on this date, and the fact that holds it."""
    fact_id = f"{mechanism.split('.', 1)[0]}.filings"
    if fact_id not in kb.facts:
        return None, None
    return kb.member(fact_id, mechanism, on), fact_id


def _years_later(start: dt.date, years: int) -> dt.date:
    """The last day of a validity of `years` years from `start` (29 February rolls to the 28th)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    return end - dt.timedelta(days=1)


def working_days_after(start: dt.date, n: int) -> dt.date:
    """The n-th working day after `start`, the day itself not counted (PRC Civil Code Art 201),
    working days taken as Monday to Friday: the State Council's yearly holiday arrangement
    (which moves working days) is not in the knowledge base, so around a public holiday the
    day found is a few days early, or a day late where a weekend is made a working day."""
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def _filing_window(filing: Filing, on: dt.date, start: dt.date, expires: dt.date | None, span: str, days: int,
                   cite: Citation | None) -> FilingState:
    """A mechanism in effect from its own taking effect that must be filed within `days`
    working days of it (Standard Contract Measures Arts 6-7): in effect up to the filing's last
    day, not after it while unfiled, and again from a late filing."""
    made = filing.filed or filing.approved
    due = working_days_after(start, days)
    if made is not None and made <= due:
        return FilingState(filing, IN_EFFECT, start, expires, f"{filing.status}; {span}; filed {made}, within {days} "
                           "working days", cite)
    rule = (f"it must be filed within {days} working days, by {due} (Monday to Friday counted; public holidays "
            "move the day)")
    if on <= due:
        return FilingState(filing, IN_EFFECT, start, min(expires, due) if expires else due,
                           f"{filing.status}; {span}; {rule}: not recorded as filed yet", cite)
    if made is not None and on >= made:
        return FilingState(filing, IN_EFFECT, made, expires, f"{filing.status}; {span}; filed late on {made} "
                           f"(due by {due}): in effect again from the filing", cite)
    return FilingState(filing, OUTSTANDING, start, due, f"status {filing.status}; {span}; {rule}: not filed by "
                       f"{on}, so it does not count", cite)


def filing_state(filing: Filing, on: dt.date, kb: KnowledgeBase) -> FilingState:
    """The filing on `on`. The knowledge base's rule for the mechanism says what puts it in
    effect: `counts_from: approved` (the default), or `effective` (the instrument's own taking
    effect, filed within `file_within_working_days`; without an `effective:` day, from the
    filing, the earliest day the map proves)."""
    member, fact_id = _rule(kb, filing.mechanism, on)
    counts_from = (member.attributes.get("counts_from") if member else None) or "approved"
    cite = kb.cite(fact_id, member) if member and fact_id else None
    if filing.status in ("rejected", "withdrawn"):
        reason = f": {filing.reasons}" if filing.reasons else ""
        return FilingState(filing, REFUSED, None, None, f"{filing.status}{reason}; it puts nothing in effect", cite)
    from_effect = counts_from == "effective" and filing.effective is not None
    if from_effect:
        start: dt.date | None = filing.effective
    elif counts_from == "approved":
        start = filing.approved if filing.status == "approved" else None
    else:
        start = None if filing.status == "pending" else (filing.filed or filing.approved)
    if start is None:
        needed = "approval" if counts_from == "approved" else "taking effect (`effective:`) or filing"
        return FilingState(filing, OUTSTANDING, None, None,
                           f"status {filing.status}: {filing.mechanism} counts from its {needed}, not given yet", cite)
    expires, validity_note = filing.expires, ""
    validity_fact = member.attributes.get("validity") if member else None
    if expires is None and validity_fact:
        years = kb.value(validity_fact, start)
        if years:
            expires = _years_later(start, int(years))
            cite = kb.cite(validity_fact, kb.period(validity_fact, start))  # the validity's own article
            validity_note = f" (valid {years} years from {start}, {cite.label})"
    span = (f"in effect from {start}" + (" (its taking effect)" if from_effect else "")
            + (f" to {expires} inclusive{validity_note}" if expires else ", no expiry given"))
    if on < start:
        return FilingState(filing, NOT_YET, start, expires, f"{filing.status}; {span}: not yet on {on}", cite)
    if expires is not None and on > expires:
        return FilingState(filing, EXPIRED, start, expires, f"{filing.status}; {span}: expired on {on}", cite)
    if from_effect and member is not None:
        return _filing_window(filing, on, start, expires, span,
                              int(member.attributes["file_within_working_days"]), cite)
    return FilingState(filing, IN_EFFECT, start, expires, f"{filing.status}; {span}", cite)


@dataclass(frozen=True, slots=True)
class FilingIndex:
    """Each flow's filings and their state on the date assessed."""

    by_flow: Mapping[str, tuple[FilingState, ...]]

    def of(self, flow_id: str) -> tuple[FilingState, ...]:
        return self.by_flow.get(flow_id, ())

    def safeguards(self, flow: Flow) -> tuple[str, ...]:
        """The mechanisms in place on the date: the flow's own list, less those a filing
        governs but does not put in effect, plus those a filing puts in effect."""
        states = self.by_flow.get(flow.id)
        if not states:
            return flow.safeguards
        governed = {s.filing.mechanism for s in states}
        effective = [s.filing.mechanism for s in states if s.in_effect]
        out = [m for m in flow.safeguards if m not in governed or m in effective]
        out += [m for m in dict.fromkeys(effective) if m not in out]
        return tuple(out)


def covered_flows(filing: Filing, flows: Iterable[Flow]) -> list[str]:
    named = set(filing.flows)
    datasets = set(filing.datasets)
    return [f.id for f in flows if f.id in named
            or (datasets and f.from_.entity == filing.exporter and not datasets.isdisjoint(f.datasets))]


def index_filings(datamap: DataMap, on: dt.date, kb: KnowledgeBase) -> FilingIndex:
    if not datamap.filings:
        return FilingIndex({})
    by_flow: dict[str, list[FilingState]] = {}
    for filing in datamap.filings:
        state = filing_state(filing, on, kb)
        for flow_id in covered_flows(filing, datamap.flows):
            by_flow.setdefault(flow_id, []).append(state)
    # Of several filings of one mechanism for a flow, one in effect decides; keep them all for the record.
    return FilingIndex({k: tuple(v) for k, v in by_flow.items()})


def certified_instruments(kb: KnowledgeBase, on: dt.date) -> tuple[tuple[Member, str], ...]:
    """The knowledge base's certifications that put an instrument in place (`*.instrument_certifications`)."""
    return tuple((m, fact.source.law + " Art " + fact.source.article)
                 for fact_id, fact in sorted(kb.facts.items()) if fact_id.endswith(".instrument_certifications")
                 for m in fact.members_on(on))


def evidenced(certified: Iterable[tuple[Member, str]], sender: Any, recipient: Any) -> list[tuple[str, str]]:
    """(instrument, why) for each certification the parties hold that puts an instrument in place."""
    out = []
    for member, article in certified:
        holders = member.attributes.get("holders", "exporter")
        held = sender.certified(member.key) and (holders != "both" or recipient.certified(member.key))
        if held:
            who = "the exporter and the recipient hold" if holders == "both" else "the exporter holds"
            out.append((member.attributes["instrument"], f"{member.attributes['instrument']} in place: {who} "
                                                          f"certification {member.key} ({article})"))
    return out
