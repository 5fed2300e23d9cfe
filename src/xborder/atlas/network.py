"""The network of countries and mechanisms, as of a date, built from the knowledge base with
networkx; relationship circles around one country; a bloc's mechanisms and fragmentation.

The graph (a `networkx.MultiDiGraph`) has two kinds of node and four kinds of edge:

- nodes: `kind="country"` (ISO code) and mechanism nodes, `kind` one of `agreement`,
  `certification` (APEC CBPR, PRP, Global CBPR Forum) or `convention` (Budapest);
- `member` edges country → mechanism (`transfer`: the agreement's commitment on cross-border
  transfer, `ds`: whether dispute settlement applies to it; `via`: `EU` when the Union is the
  party);
- `recognition` edges recogniser → recognised country (adequacy and equivalence lists);
- `mlat` and `cloud_act` edges, both directions, between the two countries of a treaty.

Every edge carries `mechanism` (the fact or agreement id), `since` (ISO date) and `verified`.
`rings` and `fragmentation` read only the graph, so they are tested on hand-built graphs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from xborder.atlas.agreements import bloc_members
from xborder.kb import KnowledgeBase
from xborder.kb.agreements import Agreement

# Adequacy-style lists: fact id → the recogniser (party key; EU stands for its members).
RECOGNITION_FACTS: dict[str, str] = {"eu.adequacy": "EU", "uk.adequacy": "GB", "ch.adequacy": "CH",
                                     "jp.equivalent_countries": "JP", "kr.equivalent_countries": "KR",
                                     "ru.adequate_countries": "RU"}
CERTIFICATION_FACTS: tuple[str, ...] = ("apec.cbpr_economies", "apec.prp_economies", "apec.global_cbpr_forum")
CONVENTION_FACTS: tuple[str, ...] = ("evidence.budapest",)
PAIR_FACTS: dict[str, str] = {"evidence.mlat": "mlat", "evidence.cloud_act_agreements": "cloud_act"}

# Ring placement, innermost first (docs/atlas.md): the ring of a country is the innermost
# whose rule one of its ties to the centre meets.
RINGS: tuple[tuple[int, str], ...] = (
    (1, "mutual recognition (adequacy or equivalence both ways)"),
    (2, "binding transfer commitment with dispute settlement"),
    (3, "binding transfer commitment without dispute settlement, or one-way recognition"),
    (4, "best-endeavour transfer commitment, or a shared certification system"),
    (5, "law-enforcement cooperation only, or an agreement with no transfer commitment recorded"),
    (6, "no tie recorded"),
)


def _is_country(key: str) -> bool:
    return len(key) == 2 and key.isupper()


def build_network(kb: KnowledgeBase, agreements: Mapping[str, Agreement], on: dt.date) -> nx.MultiDiGraph:
    """Countries and mechanisms in force on `on`."""
    kb._check_date(on)
    g = nx.MultiDiGraph(as_of=on.isoformat())
    eu = kb.members("blocs.eu", on)

    def country(key: str) -> None:
        if key not in g:
            g.add_node(key, kind="country", label=key)

    def expand(key: str) -> Iterable[str]:
        return sorted(eu) if key == "EU" else (key,)

    for a in agreements.values():
        parties = [p for p in a.parties if p.bound(on)]
        if not parties:
            continue
        g.add_node(a.id, kind="agreement", label=a.short)
        t = a.provisions["transfer"]
        for p in parties:
            for c in expand(p.key):
                country(c)
                g.add_edge(c, a.id, kind="member", mechanism=a.id, since=p.in_force.isoformat(),  # type: ignore[union-attr]
                           verified=p.verified, transfer=t.commitment,
                           ds="" if t.dispute_settlement is None else str(t.dispute_settlement).lower(),
                           via="EU" if p.key == "EU" else "")
    for fid in (*CERTIFICATION_FACTS, *CONVENTION_FACTS):
        fact = kb.fact(fid)
        members = [m for m in fact.members_on(on) if _is_country(m.key)]
        if not members:
            continue
        g.add_node(fid, kind="certification" if fid in CERTIFICATION_FACTS else "convention", label=fact.title)
        for m in members:
            country(m.key)
            g.add_edge(m.key, fid, kind="member", mechanism=fid, since=m.from_.isoformat(),
                       verified=fact.verified and m.verified, transfer="certification" if fid in CERTIFICATION_FACTS
                       else "", ds="", via="")
    for fid, recogniser in RECOGNITION_FACTS.items():
        fact = kb.fact(fid)
        for m in fact.members_on(on):
            if not _is_country(m.key):
                continue
            for r in expand(recogniser):
                if r == m.key:
                    continue
                country(r)
                country(m.key)
                g.add_edge(r, m.key, kind="recognition", mechanism=fid, since=m.from_.isoformat(),
                           verified=fact.verified and m.verified,
                           scope=m.scope or str(m.attributes.get("requires_certification", "")))
    for fid, kind in PAIR_FACTS.items():
        fact = kb.fact(fid)
        for m in fact.members_on(on):
            a_, b_ = m.key.split("-")
            country(a_)
            country(b_)
            for x, y in ((a_, b_), (b_, a_)):
                g.add_edge(x, y, kind=kind, mechanism=f"{fid}:{m.key}", since=m.from_.isoformat(),
                           verified=fact.verified and m.verified)
    return g


# -- ties and rings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tie:
    ring: int
    mechanism: str
    why: str


def ties(g: nx.MultiDiGraph, a: str, b: str) -> list[Tie]:
    """Every tie between countries `a` and `b` in the graph, each with the ring its rule gives."""
    out: list[Tie] = []
    ab = {d["mechanism"] for _, v, d in g.out_edges(a, data=True) if v == b and d["kind"] == "recognition"}
    ba = {d["mechanism"] for _, v, d in g.out_edges(b, data=True) if v == a and d["kind"] == "recognition"}
    if ab and ba:
        out.append(Tie(1, " + ".join(sorted(ab | ba)), "recognised both ways"))
    elif ab or ba:
        out.append(Tie(3, " ".join(sorted(ab | ba)), f"recognised one way ({a} → {b})" if ab else f"({b} → {a})"))
    shared = {v: d for _, v, d in g.out_edges(a, data=True) if d["kind"] == "member"}
    for _, v, d in g.out_edges(b, data=True):
        if d["kind"] != "member" or v not in shared:
            continue
        kind = g.nodes[v]["kind"]
        if kind == "agreement":
            commitment, ds = d["transfer"], d["ds"]
            if commitment == "binding":
                why = f"binding transfer commitment, dispute settlement {ds or 'not recorded'}"
                out.append(Tie(2 if ds == "true" else 3, v, why))
            elif commitment == "best_endeavour":
                out.append(Tie(4, v, "best-endeavour transfer commitment"))
            else:
                out.append(Tie(5, v, f"agreement with transfer commitment {commitment}"))
        elif kind == "certification":
            out.append(Tie(4, v, "both in the certification system"))
        else:
            out.append(Tie(5, v, "both parties to the convention"))
    for _, v, d in g.out_edges(a, data=True):
        if v == b and d["kind"] in ("mlat", "cloud_act"):
            out.append(Tie(5, d["mechanism"], d["kind"].replace("_", " ")))
    return sorted(out, key=lambda t: (t.ring, t.mechanism))


def rings(g: nx.MultiDiGraph, center: str) -> dict[str, list[Tie]]:
    """Every other country of the graph → its ties to `center`, innermost first; a country with
    no tie gets the outer ring (6)."""
    out: dict[str, list[Tie]] = {}
    for node, data in g.nodes(data=True):
        if data.get("kind") != "country" or node == center:
            continue
        found = ties(g, center, node)
        out[node] = found or [Tie(6, "", "no tie recorded")]
    return out


def ring_of(found: list[Tie]) -> int:
    return min(t.ring for t in found)


# -- blocs and fragmentation ----------------------------------------------------------------------


@dataclass(frozen=True)
class Fragmentation:
    members: tuple[str, ...]
    mechanisms: Mapping[str, tuple[str, ...]]  # member -> transfer mechanisms joined
    rule_sets: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (mechanism set, members)
    pairs: int
    cover: tuple[str, ...]  # the smallest set of instruments covering every coverable pair
    uncovered: tuple[tuple[str, str], ...]  # pairs no instrument covers
    exact: bool

    @property
    def index(self) -> float:
        """Distinct rule sets per member: 1/n when all share one set, 1 when each has its own."""
        return round(len(self.rule_sets) / len(self.members), 3) if self.members else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"members": list(self.members), "mechanisms": {k: list(v) for k, v in self.mechanisms.items()},
                "rule_sets": [{"mechanisms": list(s), "members": list(m)} for s, m in self.rule_sets],
                "distinct_rule_sets": len(self.rule_sets), "index": self.index, "pairs": self.pairs,
                "smallest_cover": list(self.cover), "cover_size": len(self.cover),
                "uncovered_pairs": [list(p) for p in self.uncovered], "exact": self.exact}


def transfer_mechanisms(g: nx.MultiDiGraph, country: str) -> tuple[str, ...]:
    """The mechanisms a country joined that carry a transfer instrument: agreements with a binding
    transfer commitment, certification systems. (Conventions and treaties on evidence do not.)"""
    out = set()
    if country not in g:
        return ()
    for _, v, d in g.out_edges(country, data=True):
        if d["kind"] == "member" and (d["transfer"] == "binding" or g.nodes[v]["kind"] == "certification"):
            out.add(v)
    return tuple(sorted(out))


def instruments_for_pair(g: nx.MultiDiGraph, a: str, b: str) -> set[str]:
    """Instruments that cover transfers between a and b: a shared transfer mechanism, or mutual
    recognition (named `recognition:A-B`)."""
    found = set(transfer_mechanisms(g, a)) & set(transfer_mechanisms(g, b))
    if any(t.ring == 1 for t in ties(g, a, b)):
        found.add("recognition:" + "-".join(sorted((a, b))))
    return found


EXACT_LIMIT = 20  # instruments; above it the cover is greedy (and `exact` is False)


def fragmentation(g: nx.MultiDiGraph, members: Iterable[str]) -> Fragmentation:
    """Rule sets among `members` and the smallest set of instruments covering every pair.

    A member's rule set is the set of its `transfer_mechanisms`. An instrument covers a pair
    of members if it is in `instruments_for_pair`. The cover is the smallest set of instruments
    such that every pair some instrument covers is covered (exhaustive search by increasing
    size; ties broken by the sorted order of instrument ids); pairs nothing covers are listed.
    """
    ms = tuple(sorted(set(members)))
    mechanisms = {m: transfer_mechanisms(g, m) for m in ms}
    groups: dict[tuple[str, ...], list[str]] = {}
    for m in ms:
        groups.setdefault(mechanisms[m], []).append(m)
    rule_sets = tuple(sorted(((k, tuple(v)) for k, v in groups.items()), key=lambda kv: (-len(kv[1]), kv[0])))
    pairs = list(itertools.combinations(ms, 2))
    covers = {p: instruments_for_pair(g, *p) for p in pairs}
    uncovered = tuple(p for p in pairs if not covers[p])
    need = [p for p in pairs if covers[p]]
    instruments = sorted(set().union(*covers.values())) if covers else []
    cover, exact = _min_cover(need, covers, instruments)
    return Fragmentation(ms, mechanisms, rule_sets, len(pairs), cover, uncovered, exact)


def _min_cover(need: list[tuple[str, str]], covers: Mapping[tuple[str, str], set[str]],
               instruments: list[str]) -> tuple[tuple[str, ...], bool]:
    if not need:
        return (), True
    if len(instruments) <= EXACT_LIMIT:
        for k in range(1, len(instruments) + 1):
            for combo in itertools.combinations(instruments, k):
                chosen = set(combo)
                if all(covers[p] & chosen for p in need):
                    return combo, True
    chosen_list: list[str] = []
    left = set(need)
    while left:
        best = max(instruments, key=lambda i: (sum(1 for p in left if i in covers[p]), -instruments.index(i)))
        chosen_list.append(best)
        left = {p for p in left if best not in covers[p]}
    return tuple(sorted(chosen_list)), False


def bloc_report(kb: KnowledgeBase, agreements: Mapping[str, Agreement], bloc: str, on: dt.date) -> Fragmentation:
    return fragmentation(build_network(kb, agreements, on), bloc_members(kb, bloc, on))


def member_mechanisms(g: nx.MultiDiGraph, country: str) -> list[dict[str, Any]]:
    """Every mechanism a country joined (not only transfer instruments), with its date."""
    if country not in g:
        return []
    rows = []
    for _, v, d in g.out_edges(country, data=True):
        if d["kind"] == "member":
            rows.append({"mechanism": v, "label": g.nodes[v]["label"], "kind": g.nodes[v]["kind"],
                         "since": d["since"], "transfer": d["transfer"], "verified": d["verified"]})
    return sorted(rows, key=lambda r: (r["kind"], r["mechanism"]))


def to_json_graph(g: nx.MultiDiGraph) -> dict[str, Any]:
    return nx.node_link_data(g, edges="edges")

