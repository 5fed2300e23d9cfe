"""Make the atlas pictures of the README and docs/atlas.md (run from the checkout's root):

    .venv/bin/python docs/images/make_atlas.py

Every picture is drawn from the knowledge base as of AS_OF (one picture per year for the
network over time, as of 31 December, the last as of AS_OF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xborder.atlas import network as net
from xborder.atlas import pictures
from xborder.kb import default_knowledge_base
from xborder.kb.agreements import default_agreements

AS_OF = dt.date(2026, 6, 1)
OUT = Path(__file__).resolve().parent / "atlas"


def main(out: Path = OUT) -> list[Path]:
    kb, agreements = default_knowledge_base(), default_agreements()
    out.mkdir(exist_ok=True)
    written: list[Path] = []
    graph = net.build_network(kb, agreements, AS_OF)
    written.append(out / "circles-SG.svg")
    written[-1].write_text(pictures.circles_svg("SG", net.rings(graph, "SG"), AS_OF.isoformat()), "utf-8")
    labels = {n: d["label"] if d["kind"] == "agreement" else n for n, d in graph.nodes(data=True)}
    frag = net.bloc_report(kb, agreements, "ASEAN", AS_OF)
    written.append(out / "bloc-ASEAN.svg")
    written[-1].write_text(pictures.bloc_map_svg("ASEAN", frag, labels, AS_OF.isoformat()), "utf-8")
    days = [min(dt.date(y, 12, 31), AS_OF) for y in range(2019, AS_OF.year + 1)]
    graphs = [net.build_network(kb, agreements, d) for d in days]
    order = sorted({n for g in graphs for n, d in g.nodes(data=True) if d["kind"] == "country"})
    for d, g in zip(days, graphs):
        union = {m: "EU" for m in kb.members("blocs.eu", d)}  # the member states drawn as one node
        written.append(out / f"network-{d.year}.svg")
        written[-1].write_text(pictures.network_svg(g, d.isoformat(), order, union), "utf-8")
    return written


if __name__ == "__main__":
    print(f"wrote {len(main())} pictures to {OUT}")
