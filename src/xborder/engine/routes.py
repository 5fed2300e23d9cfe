"""Routes: hops of the same dataset chained into paths, so the origin's law follows the data.

For each dataset the engine works out where it was first collected (`collected_in`, else
the source of the route's first hop) and, for each hop, the hops and countries it passed
through before. Memoised per (dataset, entity) so long chains stay linear.
"""

from __future__ import annotations

from collections import defaultdict

from xborder.datamap.models import DataMap, Flow


class RouteIndex:
    def __init__(self, datamap: DataMap, location_country: dict[str, str], entity_country: dict[str, str]):
        self._loc = location_country
        self._ent = entity_country
        self._into: dict[tuple[str, str], list[Flow]] = defaultdict(list)  # (dataset, recipient) -> flows
        by_dataset: dict[str, list[Flow]] = defaultdict(list)
        for f in datamap.flows:
            for ds in f.datasets:
                self._into[(ds, f.to.entity)].append(f)
                by_dataset[ds].append(f)
        self._passed: dict[tuple[str, str], frozenset[str]] = {}
        self._solved: set[str] = set()
        self._by_dataset: dict[str, dict[str, list[Flow]]] = defaultdict(dict)
        for (ds, ent), fs in self._into.items():
            self._by_dataset[ds][ent] = fs
        self.origin: dict[str, frozenset[str]] = {}
        collected = {d.id: d.collected_in for d in datamap.datasets}
        for ds, flows in by_dataset.items():
            if collected.get(ds):
                self.origin[ds] = frozenset({collected[ds]})  # type: ignore[arg-type]
                continue
            roots = [f for f in flows if (ds, f.from_.entity) not in self._into]
            self.origin[ds] = frozenset(self.source_country(f) for f in (roots or flows[:1]))
        for d in datamap.datasets:
            if d.id not in self.origin and d.collected_in:
                self.origin[d.id] = frozenset({d.collected_in})

    def source_country(self, f: Flow) -> str:
        loc = f.from_.location
        return self._loc[loc] if loc else self._ent[f.from_.entity]

    def predecessors(self, flow: Flow) -> list[Flow]:
        """Hops that brought any of this hop's datasets to its sender."""
        out: dict[str, Flow] = {}
        for ds in flow.datasets:
            for f in self._into.get((ds, flow.from_.entity), ()):
                if f.id != flow.id:
                    out.setdefault(f.id, f)
        return list(out.values())

    def passed_through(self, dataset: str, entity: str) -> frozenset[str]:
        """Countries `dataset` was sent from on its way to `entity`.

        Solved once per dataset as a fixpoint over its hops, which also handles cycles:
        passed(e) = union over hops f into e of {source(f)} | passed(sender(f)).
        """
        if dataset not in self._solved:
            self._solve(dataset)
        return self._passed.get((dataset, entity), frozenset())

    def _solve(self, dataset: str) -> None:
        incoming = self._by_dataset.get(dataset, {})
        passed: dict[str, frozenset[str]] = {ent: frozenset() for ent in incoming}
        changed = True
        while changed:
            changed = False
            for ent, flows in incoming.items():
                new: set[str] = set(passed[ent])
                for f in flows:
                    new.add(self.source_country(f))
                    new |= passed.get(f.from_.entity, frozenset())
                if len(new) != len(passed[ent]):
                    passed[ent] = frozenset(new)
                    changed = True
        for ent, countries in passed.items():
            self._passed[(dataset, ent)] = countries
        self._solved.add(dataset)
