"""Cut a large assessment down to the flows a reader asked for (`assess --only/--flow/...`).

Pure: `check_selection` returns the problems of a selection (with a suggestion for a near
miss) and `select_flows` returns a new assessment holding only the matching flows. Within one
criterion the values are alternatives (any of them matches); across criteria all must match.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace

from xborder.datamap.countries import country_problem
from xborder.engine import Assessment, FlowAssessment

STATUSES = ("compliant", "action_required", "prohibited")


@dataclass(frozen=True, slots=True)
class Selection:
    statuses: tuple[str, ...] = ()  # flow status is one of these
    flows: tuple[str, ...] = ()  # flow id is one of these
    regimes: tuple[str, ...] = ()  # one of these regimes applies to the flow
    countries: tuple[str, ...] = ()  # the data leaves from or arrives in one of these countries
    datasets: tuple[str, ...] = ()  # the flow carries one of these datasets

    def __bool__(self) -> bool:
        return any((self.statuses, self.flows, self.regimes, self.countries, self.datasets))

    def as_dict(self) -> dict[str, list[str]]:
        """The criteria that were given, for the JSON `selection` field."""
        return {k: list(v) for k, v in (("only", self.statuses), ("flow", self.flows), ("regime", self.regimes),
                                         ("country", self.countries), ("dataset", self.datasets)) if v}


def _suggest(value: str, known: Iterable[str]) -> str | None:
    by_lower = {k.lower(): k for k in known}
    if value.lower() in by_lower:
        return by_lower[value.lower()]
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def _unknown(option: str, what: str, value: str, known: Iterable[str]) -> str:
    hint = _suggest(value, known)
    return f"{option}: no {what} {value!r}" + (f" (did you mean {hint!r}?)" if hint else "")


def check_selection(selection: Selection, assessment: Assessment, regime_ids: Iterable[str]) -> list[str]:
    """Every problem of `selection` against this assessment, as one line each (empty: usable)."""
    problems = [_unknown("--only", "status", s, STATUSES) for s in selection.statuses if s not in STATUSES]
    flow_ids = {f.id for f in assessment.flows}
    problems += [_unknown("--flow", "flow", f, flow_ids) for f in selection.flows if f not in flow_ids]
    regimes = set(regime_ids)
    problems += [_unknown("--regime", "regime", r, regimes) for r in selection.regimes if r not in regimes]
    for c in selection.countries:
        problem = country_problem(c)
        if problem:
            message, hint = problem
            problems.append(f"--country: {message}" + (f" (did you mean {hint!r}?)" if hint else ""))
    dataset_ids = {d.id for f in assessment.flows for d in f.hop.datasets}
    problems += [_unknown("--dataset", "dataset", d, dataset_ids) for d in selection.datasets if d not in dataset_ids]
    return problems


def flow_countries(flow: FlowAssessment) -> set[str]:
    """Where the data leaves from and arrives (location and establishment of both ends)."""
    s, t = flow.hop.sender, flow.hop.recipient
    return {s.country, s.location_country, t.country, t.location_country}


def matches(selection: Selection, flow: FlowAssessment) -> bool:
    if selection.statuses and flow.status not in selection.statuses:
        return False
    if selection.flows and flow.id not in selection.flows:
        return False
    if selection.regimes and not any(r.applies and r.regime in selection.regimes for r in flow.regimes):
        return False
    if selection.countries and not flow_countries(flow) & set(selection.countries):
        return False
    if selection.datasets and not {d.id for d in flow.hop.datasets} & set(selection.datasets):
        return False
    return True


def select_flows(assessment: Assessment, selection: Selection) -> Assessment:
    """A copy of `assessment` with only the flows that match every given criterion."""
    if not selection:
        return assessment
    return replace(assessment, flows=[f for f in assessment.flows if matches(selection, f)])
