"""Load a data map strictly: YAML/JSON → Pydantic models → reference and vocabulary checks.

Every problem found is reported at once, each naming file, line and key; a map with any
problem is refused whole, so nothing is ever half-assessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from xborder import taxonomy
from xborder.datamap.countries import country_problem
from xborder.datamap.errors import MapError, MapProblem
from xborder.datamap.models import DataMap
from xborder.datamap.gc import paused_gc
from xborder.datamap.yaml_source import LoadedDocument, SourceError, parse, parse_fast


def _path_text(path: Iterable[Any]) -> str:
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += ("." if out else "") + str(step)
    return out or "(document)"


def load_map(path: str | Path, *, known_mechanisms: frozenset[str] | None = None) -> DataMap:
    """Read and validate a data map file. Raises MapError naming every problem."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise MapError([MapProblem(str(path), None, "(file)", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise MapError([MapProblem(str(path), None, "(file)", f"cannot read: {exc}")]) from None
    return load_map_text(text, str(path), known_mechanisms=known_mechanisms)


def load_map_text(
    text: str, filename: str = "<map>", *, known_mechanisms: frozenset[str] | None = None
) -> DataMap:
    with paused_gc():
        return _load_map_text(text, filename, known_mechanisms)


def _load_map_text(text: str, filename: str, known_mechanisms: frozenset[str] | None) -> DataMap:
    data = parse_fast(text, filename)
    if not isinstance(data, dict):
        raise MapError([MapProblem(filename, 1, "(document)", "a data map is a mapping with `xborder: 1`")])
    try:
        datamap = DataMap.model_validate(data)
    except ValidationError as exc:
        raise MapError(_validation_problems(exc, _positions(text), filename)) from None
    problems = check_references(datamap, None, filename, known_mechanisms)
    if problems:
        # Only now pay for a second, position-recording parse, to name each problem's line.
        problems = check_references(datamap, _positions(text), filename, known_mechanisms)
        raise MapError(problems)
    return datamap


def _positions(text: str) -> LoadedDocument | None:
    try:
        return parse(text)
    except SourceError:
        return None


def _validation_problems(exc: ValidationError, doc: LoadedDocument | None, filename: str) -> list[MapProblem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Pydantic names the alias `from` as given; keep the user's spelling.
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        elif err["type"] == "missing":
            message = "required key is missing"
        problems.append(MapProblem(filename, doc.line_of(loc) if doc else None, _path_text(loc), message))
    return problems


def check_references(
    datamap: DataMap,
    doc: LoadedDocument | None,
    filename: str,
    known_mechanisms: frozenset[str] | None = None,
) -> list[MapProblem]:
    """Ids unique and resolvable, codes real, vocabulary known."""
    problems: list[MapProblem] = []

    def problem(path: tuple[Any, ...], message: str, suggestion: str | None = None) -> None:
        line = doc.line_of(path) if doc else None
        problems.append(MapProblem(filename, line, _path_text(path), message, suggestion))

    sections = {
        "entities": datamap.entities,
        "locations": datamap.locations,
        "datasets": datamap.datasets,
        "flows": datamap.flows,
        "requests": datamap.requests,
    }
    ids: dict[str, set[str]] = {}
    for section, items in sections.items():
        counts = Counter(item.id for item in items)
        seen: set[str] = set()
        for i, item in enumerate(items):
            if counts[item.id] > 1 and item.id in seen:
                problem((section, i, "id"), f"duplicate id {item.id!r} in {section}")
            seen.add(item.id)
        ids[section] = seen

    entity_ids, location_ids, dataset_ids = ids["entities"], ids["locations"], ids["datasets"]

    def ref(path: tuple[Any, ...], value: str | None, pool: set[str], what: str) -> None:
        if value is not None and value not in pool:
            import difflib

            close = difflib.get_close_matches(value, list(pool), n=1)
            problem(path, f"no {what} with id {value!r}", close[0] if close else None)

    def country(path: tuple[Any, ...], code: str | None) -> None:
        if code is None:
            return
        found = country_problem(code)
        if found:
            problem(path, found[0], found[1])

    categories, uses, subjects = taxonomy.data_categories(), taxonomy.data_uses(), taxonomy.data_subjects()
    for i, e in enumerate(datamap.entities):
        country(("entities", i, "country"), e.country)
        ref(("entities", i, "parent"), e.parent, entity_ids, "entity")
    for i, loc in enumerate(datamap.locations):
        country(("locations", i, "country"), loc.country)
        ref(("locations", i, "operator"), loc.operator, entity_ids, "entity")
    for i, d in enumerate(datamap.datasets):
        for j, cat in enumerate(d.categories):
            if cat not in categories:
                problem(("datasets", i, "categories", j), f"unknown data category {cat!r}", categories.suggest(cat))
        for j, s in enumerate(d.subjects):
            country(("datasets", i, "subjects", j, "residence"), s.residence)
            country(("datasets", i, "subjects", j, "citizenship"), s.citizenship)
            if s.kind not in subjects:
                problem(("datasets", i, "subjects", j, "kind"), f"unknown data subject {s.kind!r}", subjects.suggest(s.kind))
        country(("datasets", i, "collected_in"), d.collected_in)
        ref(("datasets", i, "primary_store"), d.primary_store, location_ids, "location")
        for j, other in enumerate(d.same_individuals_as):
            ref(("datasets", i, "same_individuals_as", j), other, dataset_ids, "dataset")
    for i, f in enumerate(datamap.flows):
        # Flows are most of a large map: check the usual case, all known, in one expression
        # before building a key path for each reference.
        src, dst = f.from_, f.to
        if (src.entity in entity_ids and dst.entity in entity_ids
                and (src.location is None or src.location in location_ids)
                and (dst.location is None or dst.location in location_ids)
                and dataset_ids.issuperset(f.datasets)
                and (f.purpose is None or f.purpose in uses)
                and (known_mechanisms is None or known_mechanisms.issuperset(f.safeguards))):
            continue
        for end, endpoint in (("from", f.from_), ("to", f.to)):
            ref(("flows", i, end, "entity"), endpoint.entity, entity_ids, "entity")
            ref(("flows", i, end, "location"), endpoint.location, location_ids, "location")
        for j, ds in enumerate(f.datasets):
            ref(("flows", i, "datasets", j), ds, dataset_ids, "dataset")
        if f.purpose is not None and f.purpose not in uses:
            problem(("flows", i, "purpose"), f"unknown data use {f.purpose!r}", uses.suggest(f.purpose))
        if known_mechanisms is not None:
            for j, mech in enumerate(f.safeguards):
                if mech not in known_mechanisms:
                    import difflib

                    close = difflib.get_close_matches(mech, list(known_mechanisms), n=1)
                    problem(("flows", i, "safeguards", j), f"unknown mechanism id {mech!r}", close[0] if close else None)
    for i, r in enumerate(datamap.requests):
        country(("requests", i, "authority", "country"), r.authority.country)
        if r.target is not None and r.target.country is not None:
            country(("requests", i, "target", "country"), r.target.country)
        ref(("requests", i, "holder"), r.holder, entity_ids, "entity")
        ref(("requests", i, "location"), r.location, location_ids, "location")
        for j, ds in enumerate(r.datasets):
            ref(("requests", i, "datasets", j), ds, dataset_ids, "dataset")
    return problems


def flow_lines(path: str | Path) -> dict[str, int]:
    """Line of each flow's `id` in a map file (for SARIF and editor links)."""
    doc = parse(Path(path).read_text("utf-8"))
    out: dict[str, int] = {}
    flows = doc.data.get("flows") if isinstance(doc.data, dict) else None
    for i, flow in enumerate(flows or []):
        if isinstance(flow, dict) and "id" in flow:
            line = doc.line_of(("flows", i, "id"))
            if line:
                out[str(flow["id"])] = line
    return out
