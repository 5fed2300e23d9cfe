"""Routes: hops of the same dataset chained into paths, so the origin's law follows the data.

For each dataset the engine works out where it was first collected (`collected_in`, else
the source of the route's first hop) and, for each hop, the hops and countries it passed
through before. One forward propagation per dataset, so long chains and cycles stay linear.
"""

from __future__ import annotations

from collections import defaultdict

from xborder.datamap.models import DataMap, Flow


class RouteIndex:
    def __init__(self, datamap: DataMap, location_country: dict[str, str], entity_country: dict[str, str]):
        self._source: dict[str, str] = {}  # flow id -> country it leaves from
        # Per dataset, its hops as (flow, sender, recipient, source country): the model's nested
        # attributes are read once per flow, not once per use (maps have 10^5 flows).
        by_dataset: dict[str, list[tuple[Flow, str, str, str]]] = defaultdict(list)
        for f in datamap.flows:
            src, dst = f.from_, f.to
            source = self._source[f.id] = location_country[src.location] if src.location else entity_country[src.entity]
            hop = (f, src.entity, dst.entity, source)
            for ds in f.datasets:
                by_dataset[ds].append(hop)
        # Per dataset (small dicts, so lookups stay cheap on large maps): recipient -> flows in.
        self._into: dict[str, dict[str, list[Flow]]] = {}
        self._passed: dict[str, dict[str, frozenset[str]]] = {}
        self.origin: dict[str, frozenset[str]] = {}
        for ds, hops in by_dataset.items():
            into: dict[str, list[Flow]] = defaultdict(list)
            for f, _, recipient, _ in hops:
                into[recipient].append(f)
            self._into[ds] = into
            self._passed[ds] = self._solve(hops)
        for d in datamap.datasets:
            hops = by_dataset.get(d.id, [])
            if d.collected_in:
                self.origin[d.id] = frozenset({d.collected_in})
            elif hops:
                into = self._into[d.id]
                roots = [source for _, sender, _, source in hops if sender not in into]
                self.origin[d.id] = frozenset(roots or (hops[0][3],))

    def source_country(self, f: Flow) -> str:
        return self._source[f.id]

    def predecessors(self, flow: Flow) -> list[Flow]:
        """Hops that brought any of this hop's datasets to its sender."""
        out: dict[str, Flow] = {}
        for ds in flow.datasets:
            for f in self._into.get(ds, {}).get(flow.from_.entity, ()):
                if f.id != flow.id:
                    out.setdefault(f.id, f)
        return list(out.values())

    def passed_through(self, dataset: str, entity: str) -> frozenset[str]:
        """Countries `dataset` was sent from on its way to `entity`."""
        return self._passed.get(dataset, {}).get(entity, frozenset())

    @staticmethod
    def _solve(hops: list[tuple[Flow, str, str, str]]) -> dict[str, frozenset[str]]:
        """Forward propagation over one dataset's hops (a monotone data-flow problem):
        passed(recipient) grows by {source(f)} | passed(sender) for every hop f, until stable.
        Sets only grow and are bounded by the countries in the map, so it terminates on cycles."""
        out_of: dict[str, list[str]] = defaultdict(list)  # sender -> recipients
        passed: dict[str, set[str]] = defaultdict(set)
        for _, sender, recipient, source in hops:
            out_of[sender].append(recipient)
            passed[recipient].add(source)
        work = [ent for ent in passed if ent in out_of]  # only senders propagate
        while work:
            ent = work.pop()
            here = passed[ent]
            for recipient in out_of[ent]:
                there = passed[recipient]
                if not here <= there:
                    there |= here
                    if recipient in out_of:
                        work.append(recipient)
        return {ent: frozenset(countries) for ent, countries in passed.items()}
