"""Property-based: random or mangled maps never produce a traceback, only MapError."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xborder.datamap import MapError, load_map_text
from xborder.engine import assess_map

BASE: dict[str, Any] = {
    "xborder": 1,
    "as_of": "2026-06-01",
    "entities": [{"id": "a", "country": "CN"}, {"id": "b", "country": "US", "certifications": ["eu-us-dpf"]},
                 {"id": "c", "country": "DE", "parent": "a"}],
    "locations": [{"id": "l", "country": "CN"}],
    "datasets": [{"id": "d", "categories": ["user.name", "user.financial.bank_account"],
                  "subjects": [{"residence": "CN", "count": 50000}]}],
    "flows": [{"id": "f", "from": {"entity": "a", "location": "l"}, "to": {"entity": "b"}, "datasets": ["d"]},
              {"id": "g", "from": {"entity": "b"}, "to": {"entity": "c"}, "datasets": ["d"]}],
}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**7), st.text(max_size=12),
                    st.sampled_from(["CN", "DE", "user.name", "a", "b", "d", "2026-01-01", "eu.scc"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


def _set(node: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    parent = node
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return node


def _assess_or_reject(text: str) -> None:
    try:
        datamap = load_map_text(text, "fuzz.yaml")
    except MapError as exc:
        assert exc.problems and all(p.file == "fuzz.yaml" and p.message for p in exc.problems)
        return
    assess_map(datamap)  # a valid map must assess without error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mangled_maps_never_traceback(data: st.DataObject) -> None:
    doc = copy.deepcopy(BASE)
    paths = _paths(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        doc = _set(doc, path, data.draw(values))
        paths = _paths(doc) if isinstance(doc, (dict, list)) else [()]
    _assess_or_reject(yaml.safe_dump(doc, allow_unicode=True))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_tracebacks(text: str) -> None:
    try:
        load_map_text(text, "fuzz.yaml")
    except MapError:
        pass


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=40), st.integers(0, 2000))
def test_byte_mangled_maps(noise: bytes, at: int) -> None:
    text = yaml.safe_dump(BASE)
    at = min(at, len(text))
    _assess_or_reject(text[:at] + noise.decode("utf-8", "replace") + text[at:])
