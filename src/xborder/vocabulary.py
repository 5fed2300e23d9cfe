"""The vocabulary of a data map: every id a map may name, with its meaning and article.

One source of truth, no hand-copied list:
- instrument, obligation, exemption, channel and regime ids come from the tables of
  `docs/ids/*.md`, which every regime already keeps (`tests/test_ids_documented.py` checks
  that each id the engine emits is documented there). A new regime is picked up by adding
  its page, `docs/ids/<iso>.md`, with a table whose first column is `id`; nothing here
  changes. Kind: a `kind` column (`one_of`, `obligation`, `exemption`), else the section
  heading (`## Channels`, `## Obligations`), else the id (`<iso>.exemption.*`) or a meaning
  that opens with "Obligation" / "Exemption"; any other `<iso>.<name>` is an instrument;
- certification ids come from the knowledge base: the members of every `*certifications`
  fact and each adequacy decision's `requires_certification`;
- sector and scenario ids from the `## Sectors` / `## Scenarios` tables of `docs/ids/` and
  the sectors the knowledge base names (`attributes.sectors`, pilot-zone lists);
- zone ids from the knowledge base (`attributes.zone` of members, the members of
  `*free_trade_zones`, and the zones, sectors and scenarios of the pilot-zone lists in
  kb/data/cn/zones/, docs/zones.md); other pilot free-trade zones are written `<name>-ftz`
  (or `-ftp`, a free trade port), so a typo of a known zone is caught;
- data categories, uses and subject kinds from `xborder.taxonomy`; countries from ISO 3166
  (`xborder.datamap.countries`); the closed choices (necessity, transaction, role, ...) from
  the data-map models.

Everything is computed once per process (`functools.cache`): validating a map is a set lookup.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from xborder.kb import KnowledgeBase, default_knowledge_base

# The regimes' id pages are docs/ids/*.md; the package reaches them through `ids_pages`, a
# link to that folder in a checkout, which a built wheel carries as files (package data).
DOCS_IDS = Path(__file__).parent / "ids_pages"

INSTRUMENT, OBLIGATION, EXEMPTION, CHANNEL, REGIME = "instrument", "obligation", "exemption", "channel", "regime"
CERTIFICATION, ZONE = "certification", "zone"
SECTOR, SCENARIO = "sector", "scenario"  # what a dataset or flow is about, as sectoral rules and zone lists name it
CONTROL = "control"  # a dataset flag (`datasets[].controls`) a sectoral or export-control regime fires on
# What a flow may declare under `safeguards`: what one_of and obligations are met by.
SAFEGUARD_KINDS = frozenset({INSTRUMENT, OBLIGATION})
FREE_TRADE_ZONE = re.compile(r"^[a-z0-9-]+-ft[zp]$")

_JURISDICTION_ID = re.compile(r"^([a-z]{2}|asean|apec)\.[a-z0-9][a-z0-9.-]*$")
_REGIME_ID = re.compile(r"^([A-Z]{2})-[A-Z0-9]+$")
_BACKTICKED = re.compile(r"`([^`]+)`")
_SECTION_KINDS = {"channels": CHANNEL, "regimes": REGIME, "obligations": OBLIGATION,
                  "sectors": SECTOR, "scenarios": SCENARIO,
                  "flow status": "status", "verdicts": "verdict", "conflicts": "conflict"}


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    kind: str  # INSTRUMENT, OBLIGATION, EXEMPTION, CHANNEL, REGIME, CERTIFICATION, ZONE, ...
    jurisdiction: str  # "EU", "CN", ... or "" for ids of no one jurisdiction
    meaning: str
    article: str
    source: str  # where it is defined: docs/ids/<page>.md or kb:<fact id>

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind, "jurisdiction": self.jurisdiction,
                "meaning": self.meaning, "article": self.article, "source": self.source}


def _jurisdiction(identifier: str) -> str:
    found = _JURISDICTION_ID.match(identifier) or _REGIME_ID.match(identifier)
    return found.group(1).upper() if found else ""


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _row_ids(cell: str) -> list[str]:
    """The ids a table row defines: `a`, `b` or a / .b shorthand (uk.derogation.contract / .legal-claims)."""
    tokens = _BACKTICKED.findall(cell) or re.split(r"\s*[,/]\s*", cell)
    rest = _BACKTICKED.sub("", cell) if "`" in cell else ""
    if re.sub(r"[\s,/]|\band\b", "", rest):
        return []  # a row about ids (e.g. "DSP categories (...)"), not one defining them
    out: list[str] = []
    for token in (t.strip() for t in tokens):
        if token.startswith(".") and out:
            token = out[-1].rsplit(".", 1)[0] + token
        if token and "<" not in token and " " not in token:
            out.append(token)
    return out


def _kind(identifier: str, declared: str, section: str, meaning: str) -> str:
    declared = declared.lower()
    if declared.startswith("one_of"):
        return INSTRUMENT
    if declared.startswith(CONTROL):
        return CONTROL
    for kind in (OBLIGATION, EXEMPTION):
        if declared.startswith(kind):
            return kind
    for heading, kind in _SECTION_KINDS.items():
        if section.startswith(heading):
            return kind
    if ".exemption." in identifier or meaning.lower().startswith("exemption"):
        return EXEMPTION
    if meaning.lower().startswith("obligation"):
        return OBLIGATION
    if _REGIME_ID.match(identifier):
        return REGIME
    return INSTRUMENT if _JURISDICTION_ID.match(identifier) else "other"


def parse_id_tables(text: str, source: str) -> list[Term]:
    """The terms defined in one `docs/ids` page: every table whose first column is `id`."""
    terms: list[Term] = []
    section, header = "", None
    previous_source = ""
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced, header = not fenced, None
            continue
        if fenced:
            continue  # an example, not a definition
        if line.startswith("#"):
            section, header = line.lstrip("#").strip().lower(), None
            continue
        if not line.startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = [c.lower() for c in cells]
            continue
        if set("".join(cells)) <= set("-: ") or header[0] != "id":
            continue
        row = dict(zip(header, cells))
        meaning = row.get("meaning") or row.get("what") or ""
        url = row.get("source", "")
        if url.lower() in ("same", "as above"):
            url = previous_source
        previous_source = url or previous_source
        for identifier in _row_ids(cells[0]):
            terms.append(Term(identifier, _kind(identifier, row.get("kind", ""), section, meaning),
                              _jurisdiction(identifier), meaning, row.get("article", "").replace("`", ""),
                              url or source))
    return terms


@cache
def documented_terms() -> tuple[Term, ...]:
    """Every id of `docs/ids/*.md`, first definition winning (a regime listed twice keeps one)."""
    seen: dict[str, Term] = {}
    for page in sorted(DOCS_IDS.glob("*.md")):
        for term in parse_id_tables(page.read_text("utf-8"), f"docs/ids/{page.name}"):
            seen.setdefault(term.id, term)
    return tuple(seen.values())


def _kb_terms(kb: KnowledgeBase) -> list[Term]:
    terms: dict[str, Term] = {}
    for fact in kb.facts.values():
        article = f"{fact.source.law} {fact.source.article}".strip()
        last = fact.id.rsplit(".", 1)[-1]
        for member in fact.members:
            if last.endswith("certifications"):
                terms.setdefault(member.key, Term(member.key, CERTIFICATION, "", fact.title, article, f"kb:{fact.id}"))
            needed = member.attributes.get("requires_certification")
            if needed:
                terms.setdefault(needed, Term(needed, CERTIFICATION, "",
                                              f"recipient certification an adequacy decision requires ({fact.title})",
                                              member.act or article, f"kb:{fact.id}"))
            for sector in member.attributes.get("sectors") or ():
                terms.setdefault(sector, Term(sector, SECTOR, fact.id.split(".")[0].upper(),
                                              f"sector named by {fact.title}", member.act or article, f"kb:{fact.id}"))
            zone = member.attributes.get("zone")
            if zone:
                terms.setdefault(zone, Term(zone, ZONE, fact.id.split(".")[0].upper(), fact.title, article, f"kb:{fact.id}"))
            if last.endswith("free_trade_zones"):
                terms.setdefault(member.key, Term(member.key, ZONE, fact.id.split(".")[0].upper(), fact.title,
                                                  article, f"kb:{fact.id}"))
    return list(terms.values())


def _zone_list_terms() -> list[Term]:
    """Zones, sectors and scenarios the knowledge base's pilot-zone lists publish (docs/zones.md)."""
    from xborder.zones.book import default_zone_lists

    out: list[Term] = []
    for e in default_zone_lists():
        z = e.list
        source = e.origin.removeprefix("kb:")
        label = z.title_en or z.title or z.id
        for zone in z.zones:
            out.append(Term(zone, ZONE, z.country, f"pilot zone of {label}", "2024 Provisions Art 6", source))
        for sec in (*z.negative, *z.white):
            if sec.id:
                out.append(Term(sec.id, SECTOR, z.country, f"{sec.name_en or sec.name} ({label})", sec.name or "", source))
            for sc in sec.scenarios:
                if sc.id:
                    out.append(Term(sc.id, SCENARIO, z.country, f"{sc.name_en or sc.name} ({label})", sc.name or "", source))
    return out


@cache
def terms() -> tuple[Term, ...]:
    """The whole registry: documented ids, then the knowledge base's certifications and zones,
    then the pilot-zone lists' zones, sectors and scenarios; an id named in several places is
    listed once, as its first source defines it."""
    seen: dict[tuple[str, str], Term] = {}
    for t in (*documented_terms(), *_kb_terms(default_knowledge_base()), *_zone_list_terms()):
        seen.setdefault((t.id, t.kind), t)
    return tuple(seen.values())


@cache
def ids_of(*kinds: str) -> frozenset[str]:
    return frozenset(t.id for t in terms() if t.kind in kinds)


def safeguards() -> frozenset[str]:
    """Ids a flow may declare under `safeguards`: the instruments and obligations of the regimes."""
    return frozenset(i for i in ids_of(*SAFEGUARD_KINDS) if _JURISDICTION_ID.match(i))


def certifications() -> frozenset[str]:
    return ids_of(CERTIFICATION)


def zones() -> frozenset[str]:
    return ids_of(ZONE)


def sectors() -> frozenset[str]:
    return ids_of(SECTOR)


def scenarios() -> frozenset[str]:
    return ids_of(SCENARIO)


def controls() -> frozenset[str]:
    """Ids a dataset may declare under `controls` (a `kind` column of `control` in docs/ids)."""
    return ids_of(CONTROL)


def is_zone(zone: str) -> bool:
    return zone in zones() or FREE_TRADE_ZONE.match(zone) is not None


def term(identifier: str) -> Term | None:
    return _by_id().get(identifier)


@cache
def _by_id() -> dict[str, Term]:
    out: dict[str, Term] = {}
    for t in terms():
        out.setdefault(t.id, t)
    return out


def suggest(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The closest id, only when it is close: compared within the same jurisdiction prefix first
    (`eu.sccs` -> `eu.scc`), then over all choices; separators do not count as differences
    (`eu-scc` -> `eu.scc`)."""
    pool = list(choices)
    if not pool:
        return None
    folded = {_fold(c): c for c in pool}
    if _fold(value) in folded:
        return folded[_fold(value)]
    prefix = value.split(".", 1)[0] + "." if "." in value else None
    same = [c for c in pool if prefix and c.startswith(prefix)]
    for candidates in (same, pool):
        close = difflib.get_close_matches(value, candidates, n=1, cutoff=cutoff)
        if close:
            return close[0]
    return None


def _fold(text: str) -> str:
    return re.sub(r"[._\-\s]", "", text.lower())
