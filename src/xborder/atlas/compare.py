"""Regimes side by side, generated from the knowledge base: every cell is read from the facts
in force on the date, with the fact's citation and check date. Nothing here restates a fact;
the aspect → fact mapping below is how the knowledge base's files are named.

Each aspect selects a jurisdiction's facts by the last part of their id (`eu.adequacy`,
`jp.equivalent_countries` and `ru.adequate_countries` are all adequacy-style lists); two
aspects read facts outside the jurisdiction's folder: `certifications` (the APEC and Global
CBPR lists, where the country is a member) and `agreements` (the trade agreements binding it).
An aspect with no fact in the knowledge base shows "not in the knowledge base".
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from xborder.atlas.agreements import bound
from xborder.kb import Fact, KnowledgeBase
from xborder.kb.agreements import Agreement

# Jurisdiction code → the folder of its facts.
FOLDERS: dict[str, str] = {"EU": "eu", "GB": "uk", "UK": "uk", "CH": "ch", "CN": "cn", "US": "us", "JP": "jp",
                           "KR": "kr", "SG": "sg", "RU": "ru"}

# Aspect → the fact-id endings that carry it, in the order cells list them.
ASPECTS: dict[str, tuple[str, ...]] = {
    "orientation": (),  # derived from the others (see `orientation`)
    "scope": ("territory", "mainland", "eea", "pipl_in_force", "effective"),
    "transfer_instruments": ("instruments", "mechanisms", "certifications", "conforming_certifications",
                             "transfer_regulations", "transfer_rule", "transfer_regime", "transfer_article"),
    "adequacy_lists": ("adequacy", "equivalent_countries", "adequate_countries"),
    "restricted_destinations": ("countries_of_concern", "foreign_adversary_countries"),
    "localization": ("localization", "ciio_localization", "important_data_rules"),
    "thresholds": ("thresholds", "categories", "control"),
    "exemptions": ("exemptions", "exceptions", "necessity", "ancillary_purposes", "financial_services_purposes"),
    "assessments": ("transfer_impact_assessment", "transfer_risk_assessment", "assessment_validity",
                    "certification_validity"),
    "classification_tiers": ("special_categories", "criminal_data", "sensitive_pi", "sensitive_data"),
    "regulators": (),
    "sanctions": (),
    "government_access": (),  # evidence.compulsion / evidence.blocking members naming the jurisdiction
    "certifications": (),  # apec.cbpr_economies, apec.global_cbpr_forum
    "agreements": (),  # kb/data/agreements binding the jurisdiction
}
# Aspects whose lists say, for each other compared jurisdiction, whether it is on them.
PEER_ASPECTS = ("adequacy_lists", "restricted_destinations")
CROSS_FACTS = {"certifications": ("apec.cbpr_economies", "apec.prp_economies", "apec.global_cbpr_forum"),
               "government_access": ("evidence.compulsion", "evidence.blocking")}


@dataclass(frozen=True)
class Source:
    label: str
    url: str
    checked: dt.date
    verified: bool


@dataclass(frozen=True)
class Cell:
    text: str
    facts: tuple[str, ...]
    sources: tuple[Source, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "facts": list(self.facts),
                "sources": [{"label": s.label, "url": s.url, "checked": s.checked.isoformat(), "verified": s.verified}
                            for s in self.sources]}


@dataclass(frozen=True)
class Comparison:
    jurisdictions: tuple[str, ...]
    aspects: tuple[str, ...]
    on: dt.date
    cells: Mapping[tuple[str, str], Cell]  # (aspect, jurisdiction) -> cell

    def as_dict(self) -> dict[str, Any]:
        return {"as_of": self.on.isoformat(), "jurisdictions": list(self.jurisdictions), "aspects": list(self.aspects),
                "rows": [{"aspect": a, "cells": {j: self.cells[a, j].as_dict() for j in self.jurisdictions}}
                         for a in self.aspects]}


EMPTY = Cell("not in the knowledge base", (), ())


def jurisdiction_facts(kb: KnowledgeBase, jurisdiction: str, on: dt.date | None = None) -> list[Fact]:
    """The jurisdiction's facts; with a date, only those of laws in force then: a fact beside an
    `effective` fact (`us.dsp.categories` beside `us.dsp.effective`) counts only while that is true."""
    folder = FOLDERS[jurisdiction]
    facts = [f for f in kb.facts.values() if f.id.split(".")[0] == folder]
    if on is None:
        return facts
    return [f for f in facts if f.id.endswith(".effective") or _law_in_force(kb, f, on)]


def _law_in_force(kb: KnowledgeBase, fact: Fact, on: dt.date) -> bool:
    switch = fact.id.rsplit(".", 1)[0] + ".effective"
    return switch not in kb.facts or kb.value(switch, on) is True


def compare(kb: KnowledgeBase, agreements: Mapping[str, Agreement], jurisdictions: Sequence[str],
            aspects: Sequence[str], on: dt.date) -> Comparison:
    kb._check_date(on)
    codes = tuple("GB" if j == "UK" else j for j in jurisdictions)
    cells: dict[tuple[str, str], Cell] = {}
    for j in codes:
        for a in aspects:
            if a == "orientation":
                continue
            cells[a, j] = _cell(kb, agreements, j, a, codes, on)
        if "orientation" in aspects:
            cells["orientation", j] = orientation(kb, j, on)
    return Comparison(codes, tuple(aspects), on, cells)


def _source(kb: KnowledgeBase, fact: Fact, member: Any = None) -> Source:
    cite = kb.cite(fact.id, member)
    verified = fact.verified and (member is None or getattr(member, "verified", True))
    return Source(cite.label + (f" ({cite.note})" if cite.note else ""), cite.url, fact.checked, verified)


def _cell(kb: KnowledgeBase, agreements: Mapping[str, Agreement], j: str, aspect: str, peers: tuple[str, ...],
          on: dt.date) -> Cell:
    if aspect == "agreements":
        joined = [g for g in agreements.values() if bound(g, kb, j, on)]
        if not joined:
            return Cell("none in force", ("agreements",), ())
        text = ", ".join(g.short for g in joined)
        return Cell(text, tuple(f"agreements.{g.id}" for g in joined),
                    tuple(Source(g.short, g.url, g.checked, all(p.verified for p in g.parties if p.key == j))
                          for g in joined))
    if aspect in CROSS_FACTS:
        parts, facts, sources = [], [], []
        for fid in CROSS_FACTS[aspect]:
            fact = kb.fact(fid)
            hits = [m for m in fact.members_on(on) if m.key == j or m.key.startswith(f"{j}-")]
            if hits:
                parts.append(f"{fact.title}: " + ", ".join(m.key for m in hits))
                facts.append(fid)
                sources.append(_source(kb, fact, hits[0]))
        return Cell("; ".join(parts), tuple(facts), tuple(sources)) if parts else Cell("none recorded", (), ())
    endings = ASPECTS[aspect]
    if not endings or j not in FOLDERS:
        return EMPTY
    chosen = [f for end in endings for f in jurisdiction_facts(kb, j, on) if f.id.rsplit(".", 1)[-1] == end]
    if not chosen:
        return EMPTY
    parts, sources = [], []
    for fact in chosen:
        text, member = _describe(kb, fact, peers if aspect in PEER_ASPECTS else (j,), j, on)
        parts.append(text)
        sources.append(_source(kb, fact, member))
    return Cell("; ".join(parts), tuple(f.id for f in chosen), tuple(sources))


def _describe(kb: KnowledgeBase, fact: Fact, peers: tuple[str, ...], j: str, on: dt.date) -> tuple[str, Any]:
    """One fact in words, as of `on`; for a list, which compared jurisdictions are on it."""
    if fact.kind == "value":
        period = fact.period(on)
        if period is None or period.value is None:
            return f"{fact.title}: not in force", period
        return f"{fact.title}: {_value(period.value)}", period
    members = fact.members_on(on)
    text = f"{fact.title}: {len({m.key for m in members})} in force"
    peer_hits = [m for m in members if m.key in peers and m.key != j]
    named = []
    for p in peers:
        if p == j:
            continue
        hit = next((m for m in peer_hits if m.key == p), None)
        if hit is not None:
            limit = hit.attributes.get("requires_certification") or hit.scope
            named.append(f"{p} yes" + (f" ({limit})" if limit else ""))
        elif _is_country_list(fact):
            named.append(f"{p} no")
    if named:
        text += " — " + ", ".join(named)
    elif len(members) <= 6:
        text += ": " + ", ".join(m.key for m in members) if members else ""
    return text, peer_hits[0] if peer_hits else None


def _is_country_list(fact: Fact) -> bool:
    return all(len(m.key) == 2 and m.key.isupper() for m in fact.members)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_value(v)}" for k, v in value.items() if v is not None) or "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, int) and value >= 10000:
        return f"{value:,}"
    return str(value)


# Orientation traits: derived from which facts a jurisdiction holds and their state on the date.
TRAITS: tuple[tuple[str, str, str], ...] = (
    ("adequacy_lists", "adequacy or equivalence lists (destinations recognised)", "list"),
    ("localization", "localization duties", "true"),
    ("restricted_destinations", "listed countries of concern (destinations barred)", "list"),
    ("thresholds", "volume thresholds", "value"),
)


def orientation(kb: KnowledgeBase, j: str, on: dt.date) -> Cell:
    """The regime's orientation as traits read from its facts (docs/atlas.md): which kinds of
    transfer rule it holds in force on the date. Not a characterisation in prose."""
    if j not in FOLDERS:
        return EMPTY
    traits, facts, sources = [], [], []
    for aspect, label, test in TRAITS:
        for end in ASPECTS[aspect]:
            for fact in jurisdiction_facts(kb, j, on):
                if fact.id.rsplit(".", 1)[-1] != end:
                    continue
                on_date = (fact.members_on(on) if fact.kind == "list" else
                           (fact.period(on).value if fact.period(on) else None))
                if (test == "list" and on_date) or (test == "true" and on_date is True) or \
                        (test == "value" and on_date not in (None, False)):
                    if label not in traits:
                        traits.append(label)
                    facts.append(fact.id)
                    sources.append(_source(kb, fact))
    return Cell("; ".join(traits) or "none of the traits", tuple(facts), tuple(sources))


# -- renderers (pure: they return text) ------------------------------------------------------


def _cite_text(cell: Cell) -> str:
    return "; ".join(f"{s.label}, checked {s.checked}" + ("" if s.verified else " (unverified)") for s in cell.sources)


def to_markdown(c: Comparison) -> str:
    lines = [f"Compared as of {c.on}; every cell cites its source and the day it was checked.", "",
             "| aspect | " + " | ".join(c.jurisdictions) + " |", "|---|" + "---|" * len(c.jurisdictions)]
    for a in c.aspects:
        cells = []
        for j in c.jurisdictions:
            cell = c.cells[a, j]
            cites = "; ".join(f"[{s.label}]({s.url}) {s.checked}" + ("" if s.verified else " (unverified)")
                              for s in cell.sources)
            cells.append(f"{_md(cell.text)}" + (f"<br><sub>{_md(cites)}</sub>" if cites else ""))
        lines.append(f"| {a.replace('_', ' ')} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def to_html(c: Comparison) -> str:
    head = "".join(f"<th>{html.escape(j)}</th>" for j in c.jurisdictions)
    rows = []
    for a in c.aspects:
        tds = []
        for j in c.jurisdictions:
            cell = c.cells[a, j]
            cites = "<br>".join(
                f'<a href="{html.escape(s.url)}">{html.escape(s.label)}</a> · checked {s.checked}'
                + ("" if s.verified else " · <em>unverified</em>") for s in cell.sources)
            tds.append(f"<td>{html.escape(cell.text)}<div class=\"cite\">{cites}</div></td>")
        rows.append(f"<tr><th>{html.escape(a.replace('_', ' '))}</th>{''.join(tds)}</tr>")
    return ("<!doctype html><html><head><meta charset=\"utf-8\"><title>xborder compare</title><style>"
            "body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}"
            ".cite{font-size:.8em;color:#555;margin-top:.3em}</style></head><body>"
            f"<h1>{' · '.join(c.jurisdictions)}</h1><p>Law as of {c.on}. Generated from the knowledge base.</p>"
            f"<table><tr><th>aspect</th>{head}</tr>{''.join(rows)}</table></body></html>\n")


def to_rows(c: Comparison) -> list[dict[str, Any]]:
    return [{"aspect": a, "jurisdiction": j, "text": c.cells[a, j].text, "facts": " ".join(c.cells[a, j].facts),
             "sources": _cite_text(c.cells[a, j]), "urls": " ".join(s.url for s in c.cells[a, j].sources),
             "as_of": c.on.isoformat()} for a in c.aspects for j in c.jurisdictions]
