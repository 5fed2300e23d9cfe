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
        by_dataset: dict[str, list[Flow]] = defaultdict(list)
        for f in datamap.flows:
            loc = f.from_.location
            self._source[f.id] = location_country[loc] if loc else entity_country[f.from_.entity]
            for ds in f.datasets:
                by_dataset[ds].append(f)
        # Per dataset (small dicts, so lookups stay cheap on large maps): recipient -> flows in.
        self._into: dict[str, dict[str, list[Flow]]] = {}
        self._passed: dict[str, dict[str, frozenset[str]]] = {}
        self.origin: dict[str, frozenset[str]] = {}
        for ds, flows in by_dataset.items():
            into: dict[str, list[Flow]] = defaultdict(list)
            for f in flows:
                into[f.to.entity].append(f)
            self._into[ds] = into
            self._passed[ds] = self._solve(flows)
        for d in datamap.datasets:
            flows = by_dataset.get(d.id, [])
            if d.collected_in:
                self.origin[d.id] = frozenset({d.collected_in})
            elif flows:
                into = self._into[d.id]
                roots = [f for f in flows if f.from_.entity not in into]
                self.origin[d.id] = frozenset(self._source[f.id] for f in (roots or flows[:1]))

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

    def _solve(self, flows: list[Flow]) -> dict[str, frozenset[str]]:
        """Forward propagation over one dataset's hops (a monotone data-flow problem):
        passed(recipient) grows by {source(f)} | passed(sender) for every hop f, until stable.
        Sets only grow and are bounded by the countries in the map, so it terminates on cycles."""
        out_of: dict[str, list[Flow]] = defaultdict(list)
        passed: dict[str, set[str]] = defaultdict(set)
        for f in flows:
            out_of[f.from_.entity].append(f)
            passed[f.to.entity].add(self._source[f.id])
        work = [ent for ent in passed if ent in out_of]  # only senders propagate
        while work:
            ent = work.pop()
            here = passed[ent]
            for f in out_of[ent]:
                there = passed[f.to.entity]
                if not here <= there:
                    there |= here
                    if f.to.entity in out_of:
                        work.append(f.to.entity)
        return {ent: frozenset(countries) for ent, countries in passed.items()}
