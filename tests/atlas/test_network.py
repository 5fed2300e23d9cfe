"""The network: ring placement rules and the fragmentation index on small hand-built graphs whose
answers are known, then the graph built from the knowledge base."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from xborder.atlas.network import (
    EXACT_LIMIT,
    bloc_report,
    build_network,
    fragmentation,
    ring_of,
    rings,
    ties,
)
from xborder.kb import default_knowledge_base
from xborder.kb.agreements import default_agreements


def _graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph()


def _country(g: nx.MultiDiGraph, *keys: str) -> None:
    for k in keys:
        g.add_node(k, kind="country", label=k)


def _agreement(g: nx.MultiDiGraph, name: str, members: tuple[str, ...], transfer: str = "binding", ds: str = "true",
               kind: str = "agreement") -> None:
    g.add_node(name, kind=kind, label=name)
    _country(g, *members)
    for m in members:
        g.add_edge(m, name, kind="member", mechanism=name, since="2020-01-01", verified=True,
                   transfer=transfer if kind == "agreement" else ("certification" if kind == "certification" else ""),
                   ds=ds, via="")


def _recognise(g: nx.MultiDiGraph, a: str, b: str) -> None:
    _country(g, a, b)
    g.add_edge(a, b, kind="recognition", mechanism=f"{a.lower()}.adequacy", since="2020-01-01", verified=True, scope="")


def _treaty(g: nx.MultiDiGraph, a: str, b: str, kind: str = "mlat") -> None:
    _country(g, a, b)
    for x, y in ((a, b), (b, a)):
        g.add_edge(x, y, kind=kind, mechanism=f"evidence.{kind}:{a}-{b}", since="2020-01-01", verified=True)


def test_each_ring_rule_places_a_country_where_its_strongest_tie_says() -> None:
    g = _graph()
    _country(g, "C", "N")
    _recognise(g, "C", "M")
    _recognise(g, "M", "C")  # ring 1: both ways
    _agreement(g, "fta-ds", ("C", "B2"))  # ring 2: binding + dispute settlement
    _agreement(g, "fta", ("C", "B3"), ds="false")  # ring 3: binding, no dispute settlement
    _recognise(g, "O", "C")  # ring 3: one way
    _agreement(g, "soft", ("C", "E"), transfer="best_endeavour")  # ring 4
    _agreement(g, "cbpr", ("C", "P"), kind="certification")  # ring 4
    _treaty(g, "C", "L")  # ring 5: law enforcement only
    _agreement(g, "mute", ("C", "U"), transfer="unknown")  # ring 5: no commitment recorded
    placed = {k: ring_of(v) for k, v in rings(g, "C").items()}
    assert placed == {"M": 1, "B2": 2, "B3": 3, "O": 3, "E": 4, "P": 4, "L": 5, "U": 5, "N": 6}


def test_the_innermost_ring_wins_when_a_country_has_several_ties() -> None:
    g = _graph()
    _agreement(g, "soft", ("C", "X"), transfer="best_endeavour")
    _treaty(g, "C", "X")
    _agreement(g, "fta-ds", ("C", "X"))
    found = ties(g, "C", "X")
    assert [t.ring for t in found] == [2, 4, 5] and ring_of(found) == 2


def test_a_one_way_recognition_is_not_mutual() -> None:
    g = _graph()
    _recognise(g, "C", "X")
    assert ring_of(ties(g, "C", "X")) == 3
    _recognise(g, "X", "C")
    assert ring_of(ties(g, "C", "X")) == 1


def test_fragmentation_of_a_bloc_sharing_one_agreement() -> None:
    g = _graph()
    _agreement(g, "one", ("A", "B", "C"))
    f = fragmentation(g, ["A", "B", "C"])
    assert len(f.rule_sets) == 1 and f.index == round(1 / 3, 3)
    assert f.cover == ("one",) and f.uncovered == () and f.pairs == 3 and f.exact


def test_fragmentation_needs_one_instrument_per_pair_when_each_pair_has_its_own() -> None:
    # A-B share only x, B-C only y, A-C only z: all three are needed, and no two members share a rule set.
    g = _graph()
    _agreement(g, "x", ("A", "B"))
    _agreement(g, "y", ("B", "C"))
    _agreement(g, "z", ("A", "C"))
    f = fragmentation(g, ["A", "B", "C"])
    assert f.cover == ("x", "y", "z") and len(f.rule_sets) == 3 and f.index == 1.0


def test_fragmentation_prefers_one_wide_instrument_over_several_narrow_ones() -> None:
    g = _graph()
    _agreement(g, "x", ("A", "B"))
    _agreement(g, "y", ("C", "D"))
    _agreement(g, "wide", ("A", "B", "C", "D"))
    f = fragmentation(g, "ABCD")
    assert f.cover == ("wide",)
    assert {m for s, ms in f.rule_sets for m in ms} == set("ABCD")
    assert len(f.rule_sets) == 2  # {wide, x} for A, B; {wide, y} for C, D


def test_pairs_nothing_covers_are_listed_not_forced() -> None:
    g = _graph()
    _agreement(g, "x", ("A", "B"))
    _country(g, "C")
    _agreement(g, "soft", ("A", "C"), transfer="best_endeavour")  # not a transfer instrument
    _treaty(g, "B", "C")  # evidence treaties do not cover transfers
    f = fragmentation(g, "ABC")
    assert f.cover == ("x",) and f.uncovered == (("A", "C"), ("B", "C"))


def test_certification_systems_and_mutual_recognition_are_instruments() -> None:
    g = _graph()
    _agreement(g, "cbpr", ("A", "B"), kind="certification")
    _recognise(g, "B", "C")
    _recognise(g, "C", "B")
    _recognise(g, "A", "C")  # one way only: not an instrument for the pair
    f = fragmentation(g, "ABC")
    assert f.cover == ("cbpr", "recognition:B-C") and f.uncovered == (("A", "C"),)


def test_above_the_exact_limit_the_cover_is_greedy_and_says_so() -> None:
    g = _graph()
    members = [f"M{i:02d}" for i in range(EXACT_LIMIT + 2)]
    for i in range(len(members) - 1):
        _agreement(g, f"link{i:02d}", (members[i], members[i + 1]))
    f = fragmentation(g, members)
    assert not f.exact and len(f.cover) == len(members) - 1


KB = default_knowledge_base()


def test_the_built_graph_follows_the_dates() -> None:
    before = build_network(KB, default_agreements(), dt.date(2021, 12, 31))
    after = build_network(KB, default_agreements(), dt.date(2022, 1, 1))
    assert "rcep" not in before and after.has_edge("CN", "rcep")
    assert ring_of(rings(after, "SG")["CN"]) == 3  # RCEP: binding, no dispute settlement
    assert ring_of(rings(before, "SG")["CN"]) == 6  # in the graph (the CN-US MLAT), no tie to SG


@pytest.mark.parametrize(("on", "recognised"), [(dt.date(2019, 6, 1), True), (dt.date(2021, 6, 1), False),
                                                 (dt.date(2024, 6, 1), True)])
def test_eu_recognition_of_the_us_follows_the_adequacy_list(on: dt.date, recognised: bool) -> None:
    g = build_network(KB, default_agreements(), on)
    assert any(d["kind"] == "recognition" and d["mechanism"] == "eu.adequacy"
               for _, v, d in g.out_edges("DE", data=True) if v == "US") is recognised


def test_eu_and_japan_recognise_each_other() -> None:
    g = build_network(KB, default_agreements(), dt.date(2026, 6, 1))
    assert ring_of(rings(g, "JP")["DE"]) == 1


def test_asean_fragmentation_from_the_knowledge_base() -> None:
    f = bloc_report(KB, default_agreements(), "ASEAN", dt.date(2026, 6, 1))
    assert "TL" in f.members  # admitted 26 October 2025
    assert f.cover == ("rcep",)  # the one instrument binding the members whose RCEP dates are recorded
    uncovered = {m for p in f.uncovered for m in p}
    assert {"ID", "MM", "TL"} <= uncovered
