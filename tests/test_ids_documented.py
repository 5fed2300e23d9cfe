"""Every id the engine emits is documented in docs/ids/*.md (the README's promise)."""

from __future__ import annotations

import re

from benchmarks.mapgen import generate
from tests.conftest import ROOT, SHARED
from xborder.datamap import load_map
from xborder.datamap.loader import policy_safeguards
from xborder.datamap.models import DataMap
from xborder.engine import assess_map

DOCS = "\n".join(p.read_text("utf-8") for p in (ROOT / "docs" / "ids").glob("*.md"))


def documented(identifier: str) -> bool:
    """Named in a docs table or text as a whole token (not as part of a longer id)."""
    return re.search(rf"(?<![\w.:-]){re.escape(identifier)}(?![\w:-]|\.\w)", DOCS) is not None


def _emitted() -> set[str]:
    maps = [load_map(p) for p in [*(SHARED / "scenarios").glob("*.yaml"), *(ROOT / "tests" / "scenarios").rglob("*.yaml"),
                                  ROOT / "examples" / "ecommerce.yaml"]]
    maps.append(DataMap.model_validate(generate(2000, 300, 6000, seed=11)))
    ids: set[str] = set()
    for m in maps:
        a = assess_map(m)
        own = policy_safeguards(m.policies)  # a map's own policy ids are documented by the map
        for f in a.flows:
            ids.add(f.status)
            ids |= {filing.state for filing in f.filings}
            for r in f.regimes:
                mine = {*r.one_of, *r.obligations}
                assert {i for i in mine if i.startswith("org.")} <= own
                ids |= {r.verdict.value, *(mine - own), *r.exemptions}
                ids.add("ORG-<policy id>" if r.jurisdiction == "ORG" else r.regime)
                if r.classification.get("tier"):
                    ids.add(str(r.classification["tier"]))
            ids |= {c.kind for c in f.conflicts}
        for req in a.requests:
            for ch in req.get("channels", []):
                ids.add(re.sub(r":[A-Z]{2}-[A-Z]{2}$", ":<A>-<B>", ch["id"]))
            ids |= {x["regime"] for x in req.get("compelled_by", []) + req.get("blocked_by", [])}
    return ids


def test_every_emitted_id_is_documented() -> None:
    undocumented = sorted(i for i in _emitted() if not documented(i))
    assert undocumented == []
