"""Load a data map strictly: YAML/JSON → Pydantic models → reference and vocabulary checks.

Every problem found is reported at once, each naming file, line and key; a map with any
problem is refused whole, so nothing is ever half-assessed.
"""

from __future__ import annotations

import re
import typing
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, ValidationError

from xborder import taxonomy, vocabulary
from xborder.datamap.countries import country_problem
from xborder.datamap.errors import MapError, MapProblem
from xborder.datamap.models import POLICY_KINDS, DataMap, Dataset, Entity, Filing, Flow, Location, Request
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
    """Read and validate a data map file (`-`: standard input). Raises MapError naming every problem."""
    if str(path) == "-":
        import sys

        return load_map_text(sys.stdin.read(), "<stdin>", known_mechanisms=known_mechanisms)
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


SECTIONS: dict[str, type[BaseModel] | None] = {
    "entities": Entity, "locations": Location, "datasets": Dataset, "flows": Flow, "requests": Request,
    "filings": Filing, "policies": None,  # a policy's model is chosen by its `kind`
}


def _load_map_text(text: str, filename: str, known_mechanisms: frozenset[str] | None) -> DataMap:
    data = parse_fast(text, filename)
    if not isinstance(data, dict):
        raise MapError([MapProblem(filename, 1, "(document)", "a data map is a mapping with `xborder: 1`")])
    try:
        datamap = DataMap.model_validate(data)
    except ValidationError:
        # Report every problem in one pass: structural ones item by item, then the references
        # and ids of all that could be read (an item that could not is skipped, and references
        # to its id are not reported as dangling).
        doc = _positions(text)
        problems, partial, unreadable = _structural_problems(data, doc, filename)
        problems += check_references(partial, doc, filename, known_mechanisms, unreadable)  # type: ignore[arg-type]
        raise MapError(_by_line(problems)) from None
    problems = check_references(datamap, None, filename, known_mechanisms)
    if problems:
        # Only now pay for a second, position-recording parse, to name each problem's line.
        problems = check_references(datamap, _positions(text), filename, known_mechanisms)
        raise MapError(_by_line(problems))
    return datamap


def _by_line(problems: list[MapProblem]) -> list[MapProblem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def _positions(text: str) -> LoadedDocument | None:
    try:
        return parse(text)
    except SourceError:
        return None


def _structural_problems(
    data: dict[str, Any], doc: LoadedDocument | None, filename: str
) -> tuple[list[MapProblem], SimpleNamespace, dict[str, set[str]]]:
    """Validate each item of each section on its own, so one bad item hides nothing else.

    Returns the problems, the map as far as it could be read (None for an unreadable item,
    so indexes stay those of the file) and the ids of unreadable items per section."""
    problems: list[MapProblem] = []
    top = dict(data)
    read: dict[str, list[Any]] = {}
    unreadable: dict[str, set[str]] = {name: set() for name in SECTIONS}
    for name, model in SECTIONS.items():
        raw = top.get(name)
        if not isinstance(raw, list):
            read[name] = []  # a wrong type is reported by the top-level check below
            continue
        top[name] = []
        items = []
        for i, item in enumerate(raw):
            item_model = model or _policy_model(item)
            if item_model is None:
                kind = item.get("kind") if isinstance(item, dict) else None
                problems.append(MapProblem(
                    filename, doc.line_of((name, i, "kind") if kind is not None else (name, i)) if doc else None,
                    _path_text((name, i, "kind")),
                    f"{kind!r} is not one of: {', '.join(POLICY_KINDS)}" if kind is not None
                    else f"required key is missing: a policy's kind, one of {', '.join(POLICY_KINDS)}",
                    vocabulary.suggest(str(kind), POLICY_KINDS, cutoff=0.6) if kind is not None else None))
                items.append(None)
                continue
            value, errors = _validate_leniently(item_model, item)
            problems += _validation_problems(errors, (name, i), item_model, item, doc, filename)
            items.append(value)
            if value is None and isinstance(item, dict) and isinstance(item.get("id"), str):
                unreadable[name].add(item["id"])
        read[name] = items
    whole, errors = _validate_leniently(DataMap, top)
    problems += _validation_problems(errors, (), DataMap, top, doc, filename)
    partial = SimpleNamespace(**read)
    return problems, partial, unreadable


def _policy_model(item: Any) -> type[BaseModel] | None:
    return POLICY_KINDS.get(item.get("kind")) if isinstance(item, dict) else None


def _validate_leniently(model: type[BaseModel], item: Any) -> tuple[Any, list[dict[str, Any]]]:
    """(the item validated, or validated without its faulty keys, or None; the errors found)."""
    try:
        return model.model_validate(item), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    repaired = _without(item, [tuple(e["loc"]) for e in errors])
    if repaired is not None:
        try:
            return model.model_validate(repaired), errors
        except ValidationError:
            pass
    return None, errors


def _without(item: Any, locations: list[tuple[Any, ...]]) -> Any:
    """A copy of `item` without the deepest key on each location (the faulty key or value)."""
    if not isinstance(item, dict):
        return None
    copy = _copy(item)
    for loc in locations:
        node, owner, key = copy, None, None
        for step in loc:
            if isinstance(node, dict) and step in node:
                owner, key, node = node, step, node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
            else:
                break
        if owner is not None and key in owner:
            del owner[key]
    return copy


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _validation_problems(
    errors: list[dict[str, Any]], prefix: tuple[Any, ...], model: type[BaseModel], raw: Any,
    doc: LoadedDocument | None, filename: str,
) -> list[MapProblem]:
    problems = []
    for err in errors:
        loc = prefix + tuple(err["loc"])
        # Pydantic names the alias `from` as given; keep the user's spelling.
        message, suggestion = err["msg"], None
        if err["type"] == "extra_forbidden":
            message = "unknown key"
            where = tuple(err["loc"])[:-1]
            free = set(_keys_at(model, where)) - set(_at(raw, where) or ())  # a key not written yet
            suggestion = vocabulary.suggest(str(loc[-1]), free, cutoff=0.6)
        elif err["type"] == "missing":
            message = "required key is missing"
        elif err["type"] == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
            if allowed:
                message = f"{err['input']!r} is not one of: {', '.join(allowed)}"
                suggestion = vocabulary.suggest(str(err["input"]), allowed, cutoff=0.6)
        problems.append(MapProblem(filename, doc.line_of(loc) if doc else None, _path_text(loc), message, suggestion))
    return problems


def _at(raw: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        try:
            raw = raw[step]
        except (KeyError, IndexError, TypeError):
            return None
    return raw if isinstance(raw, dict) else None


def _keys_at(model: type[BaseModel], path: tuple[Any, ...]) -> list[str]:
    """The keys the model accepts at `path` (by their names in the file: `from`, not `from_`)."""
    for step in path:
        if isinstance(step, int):
            continue
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == step), None)
        inner = _model_in(field.annotation) if field else None
        if inner is None:
            return []
        model = inner
    return [f.alias or n for n, f in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def check_references(
    datamap: DataMap,
    doc: LoadedDocument | None,
    filename: str,
    known_mechanisms: frozenset[str] | None = None,
    unreadable: dict[str, set[str]] | None = None,
) -> list[MapProblem]:
    """Ids unique and resolvable, codes real, every id of the vocabulary known.

    `known_mechanisms` overrides the safeguard ids of the vocabulary (`xborder.vocabulary`);
    `unreadable`: ids of items that failed validation, which references may still name.
    Items that are None (unreadable) are skipped."""
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
        "filings": datamap.filings,
        "policies": datamap.policies,
    }
    ids: dict[str, set[str]] = {}
    for section, items in sections.items():
        seen = {item.id for item in items if item is not None}
        if len(seen) < sum(item is not None for item in items):  # only then look for the duplicates
            counts = Counter(item.id for item in items if item is not None)
            seen = set()
            for i, item in enumerate(items):
                if item is None:
                    continue
                if counts[item.id] > 1 and item.id in seen:
                    problem((section, i, "id"), f"duplicate id {item.id!r} in {section}")
                seen.add(item.id)
        ids[section] = seen | (unreadable or {}).get(section, set())

    entity_ids, location_ids, dataset_ids = ids["entities"], ids["locations"], ids["datasets"]

    def ref(path: tuple[Any, ...], value: str | None, pool: set[str], what: str) -> None:
        if value is not None and value not in pool:
            problem(path, f"no {what} with id {value!r}", vocabulary.suggest(value, pool, cutoff=0.6))

    def country(path: tuple[Any, ...], code: str | None) -> None:
        if code is None:
            return
        found = country_problem(code)
        if found:
            problem(path, found[0], found[1])

    def zone(path: tuple[Any, ...], value: str | None) -> None:
        if value is not None and not vocabulary.is_zone(value):
            known = sorted(vocabulary.zones())
            problem(path, f"unknown zone {value!r}: the knowledge base knows {', '.join(known)}; a pilot "
                          "free-trade zone whose negative list is not recorded is written <name>-ftz",
                    vocabulary.suggest(value, known, cutoff=0.6))

    categories, uses, subjects = taxonomy.data_categories(), taxonomy.data_uses(), taxonomy.data_subjects()
    certifications = vocabulary.certifications()
    known_controls = vocabulary.controls()
    mechanisms = vocabulary.safeguards() if known_mechanisms is None else known_mechanisms
    own_ids = policy_safeguards(p for p in datamap.policies if p is not None)
    if own_ids:
        mechanisms = mechanisms | own_ids
    sectors, scenarios = vocabulary.sectors(), vocabulary.scenarios()
    zone_files = [p for p in datamap.policies if p is not None and p.kind == "zone"]
    if zone_files:  # a regulator's own zone file names its sectors and scenarios
        own_sectors, own_scenarios = zone_list_ids(zone_files)
        sectors, scenarios = sectors | own_sectors, scenarios | own_scenarios

    def kind_id(path: tuple[Any, ...], value: str | None, known: frozenset[str], what: str) -> None:
        if value is not None and value not in known:
            problem(path, f"unknown {what} id {value!r}; `xborder ids --kind {what}` lists them",
                    vocabulary.suggest(value, known, cutoff=0.6))
    for i, e in enumerate(datamap.entities):
        if e is None:
            continue
        country(("entities", i, "country"), e.country)
        ref(("entities", i, "parent"), e.parent, entity_ids, "entity")
        zone(("entities", i, "zone"), e.zone)
        for j, cert in enumerate(e.certifications):
            if cert not in certifications:
                problem(("entities", i, "certifications", j), _unknown(cert, "certification id", "certification"),
                        vocabulary.suggest(cert, certifications))
    for i, loc in enumerate(datamap.locations):
        if loc is None:
            continue
        country(("locations", i, "country"), loc.country)
        ref(("locations", i, "operator"), loc.operator, entity_ids, "entity")
        zone(("locations", i, "zone"), loc.zone)
    for i, d in enumerate(datamap.datasets):
        if d is None:
            continue
        for j, cat in enumerate(d.categories):
            if cat not in categories:
                problem(("datasets", i, "categories", j), f"unknown data category {cat!r}", categories.suggest(cat))
        for j, s in enumerate(d.subjects):
            country(("datasets", i, "subjects", j, "residence"), s.residence)
            country(("datasets", i, "subjects", j, "citizenship"), s.citizenship)
            if s.kind not in subjects:
                problem(("datasets", i, "subjects", j, "kind"), f"unknown data subject {s.kind!r}", subjects.suggest(s.kind))
        for j, control in enumerate(d.controls):
            if control not in known_controls:
                problem(("datasets", i, "controls", j), _unknown(control, "control id", "control"),
                        vocabulary.suggest(control, known_controls))
        country(("datasets", i, "collected_in"), d.collected_in)
        kind_id(("datasets", i, "sector"), d.sector, sectors, "sector")
        kind_id(("datasets", i, "scenario"), d.scenario, scenarios, "scenario")
        ref(("datasets", i, "primary_store"), d.primary_store, location_ids, "location")
        for j, other in enumerate(d.same_individuals_as):
            ref(("datasets", i, "same_individuals_as", j), other, dataset_ids, "dataset")
    for i, f in enumerate(datamap.flows):
        if f is None:
            continue
        # Flows are most of a large map: check the usual case, all known, in one expression
        # before building a key path for each reference.
        src, dst = f.from_, f.to
        if (f.sector is None and f.scenario is None and src.entity in entity_ids and dst.entity in entity_ids
                and (src.location is None or src.location in location_ids)
                and (dst.location is None or dst.location in location_ids)
                and dataset_ids.issuperset(f.datasets)
                and (f.purpose is None or f.purpose in uses)
                and mechanisms.issuperset(f.safeguards)):
            continue
        for end, endpoint in (("from", f.from_), ("to", f.to)):
            ref(("flows", i, end, "entity"), endpoint.entity, entity_ids, "entity")
            ref(("flows", i, end, "location"), endpoint.location, location_ids, "location")
        for j, ds in enumerate(f.datasets):
            ref(("flows", i, "datasets", j), ds, dataset_ids, "dataset")
        if f.purpose is not None and f.purpose not in uses:
            problem(("flows", i, "purpose"), f"unknown data use {f.purpose!r}", uses.suggest(f.purpose))
        for j, mech in enumerate(f.safeguards):
            if mech not in mechanisms:
                problem(("flows", i, "safeguards", j), _unknown(mech, "safeguard id", "safeguard"),
                        None if vocabulary.term(mech) else vocabulary.suggest(mech, mechanisms))
        kind_id(("flows", i, "sector"), f.sector, sectors, "sector")
        kind_id(("flows", i, "scenario"), f.scenario, scenarios, "scenario")
    for i, r in enumerate(datamap.requests):
        if r is None:
            continue
        country(("requests", i, "authority", "country"), r.authority.country)
        if r.target is not None and r.target.country is not None:
            country(("requests", i, "target", "country"), r.target.country)
        ref(("requests", i, "holder"), r.holder, entity_ids, "entity")
        ref(("requests", i, "location"), r.location, location_ids, "location")
        for j, ds in enumerate(r.datasets):
            ref(("requests", i, "datasets", j), ds, dataset_ids, "dataset")
    flow_senders = {f.id: f.from_.entity for f in datamap.flows if f is not None}
    for i, filing in enumerate(datamap.filings):
        if filing is None:
            continue
        at = ("filings", i)
        if filing.mechanism not in mechanisms:
            problem((*at, "mechanism"), _unknown(filing.mechanism, "mechanism id", "safeguard"),
                    None if vocabulary.term(filing.mechanism) else vocabulary.suggest(filing.mechanism, mechanisms))
        ref((*at, "exporter"), filing.exporter, entity_ids, "entity")
        if not filing.flows and not filing.datasets:
            problem(at, "a filing covers `flows` or `datasets` (or both): name what it was filed for")
        for j, flow_id in enumerate(filing.flows):
            ref((*at, "flows", j), flow_id, ids["flows"], "flow")
            sender = flow_senders.get(flow_id)
            if sender is not None and sender != filing.exporter:
                problem((*at, "flows", j), f"flow {flow_id!r} is sent by {sender!r}, not by the filing's "
                                           f"exporter {filing.exporter!r}")
        for j, ds in enumerate(filing.datasets):
            ref((*at, "datasets", j), ds, dataset_ids, "dataset")
        for date_key, needed_by in (("filed", ("filed",)), ("approved", ("approved",))):
            if filing.status in needed_by and getattr(filing, date_key) is None:
                problem((*at, "status"), f"status {filing.status!r} needs the date it happened: `{date_key}:`")
        if filing.filed and filing.approved and filing.approved < filing.filed:
            problem((*at, "approved"), f"approved {filing.approved} is before filed {filing.filed}")
        start = filing.approved or filing.filed
        if filing.expires and start and filing.expires < start:
            problem((*at, "expires"), f"expires {filing.expires} is before {start}")
    for i, policy in enumerate(datamap.policies):
        if policy is None:
            continue
        if policy.kind == "zone":
            _check_zone_list(policy, ("policies", i), problem, ref, country, entity_ids, categories)
            continue
        _check_tier_policy(policy, ("policies", i), problem, ref, country, entity_ids, dataset_ids,
                           categories, mechanisms)
    return problems


def policy_safeguards(policies: Iterable[Any]) -> frozenset[str]:
    """The ids a map's own policies define, which its flows and filings may then name:
    `org.<policy>.<tier>.approval` for a tier that needs approval, and every `org.<policy>.*`
    id a tier requires (an internal control such as encryption)."""
    out: set[str] = set()
    for policy in policies:
        for tier in getattr(policy, "tiers", ()):
            if tier.approval:
                out.add(approval_id(policy.id, tier.id))
            out.update(x for x in (*tier.require, *tier.one_of) if x.startswith(f"org.{policy.id}."))
    return frozenset(out)


def approval_id(policy_id: str, tier_id: str) -> str:
    return f"org.{policy_id}.{tier_id}.approval"


def zone_list_ids(zone_files: Iterable[Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The sector and scenario ids a map's zone files define."""
    sectors: set[str] = set()
    scenarios: set[str] = set()
    for z in zone_files:
        for sec in (*z.negative, *z.white):
            if sec.id:
                sectors.add(sec.id)
            scenarios.update(sc.id for sc in sec.scenarios if sc.id)
    return frozenset(sectors), frozenset(scenarios)


def _check_zone_list(z: Any, at: tuple[Any, ...], problem: Any, ref: Any, country: Any,
                     entity_ids: set[str], categories: Any) -> None:
    """Report what a regulator's zone file lacks: its zone, its date, and data each entry names."""
    from xborder.zones.book import default_mapping

    if not vocabulary.is_zone(z.zone):
        problem((*at, "zone"), f"unknown zone id {z.zone!r}; known zones are listed by `xborder ids --kind zone`, "
                               "others are written <name>-ftz", vocabulary.suggest(z.zone, vocabulary.zones()))
    for j, other in enumerate(z.applies_to):
        if not vocabulary.is_zone(other):
            problem((*at, "applies_to", j), f"unknown zone id {other!r}", vocabulary.suggest(other, vocabulary.zones()))
    country((*at, "country"), z.country)
    if z.start is None:
        problem(at, "a zone list says from when it applies: `effective:` or `published:`")
    if z.effective and z.until and z.until <= z.effective:
        problem((*at, "until"), f"until {z.until} is not after effective {z.effective}")
    if not z.negative and not z.white:
        problem(at, "a zone list has a `negative:` list, a `white:` list or both")
    mapping = default_mapping()
    for which in ("negative", "white"):
        for k, sec in enumerate(getattr(z, which)):
            here = (*at, which, k)
            if not sec.scenarios:
                problem(here, "a sector lists its `scenarios:` (a scenario with `id: null` stands for any)")
            for m, sc in enumerate(sec.scenarios):
                for n, code in enumerate(sc.destinations):
                    country((*here, "scenarios", m, "destinations", n), code)
                for n, rid in enumerate(sc.recipients):
                    ref((*here, "scenarios", m, "recipients", n), rid, entity_ids, "entity")
                if not sc.categories:
                    problem((*here, "scenarios", m), "a scenario lists its data `categories:`")
                for n, cat in enumerate(sc.categories):
                    items = [((*here, "scenarios", m, "categories", n), cat)] if not cat.fields else [
                        ((*here, "scenarios", m, "categories", n, "fields", f), fld) for f, fld in enumerate(cat.fields)]
                    for path, item in items:
                        if not item.categories and item.name not in mapping:
                            problem(path, f"{item.name!r} names no taxonomy `categories:` and is not in the "
                                          "mapping (kb/data/cn/zones/_mapping.yaml): it could match no data")
                        for q, key in enumerate(item.categories):
                            if key not in categories:
                                problem((*path, "categories", q), f"unknown data category {key!r}", categories.suggest(key))


def _check_tier_policy(policy: Any, at: tuple[Any, ...], problem: Any, ref: Any, country: Any,
                       entity_ids: set[str], dataset_ids: set[str], categories: Any,
                       mechanisms: frozenset[str]) -> None:
    """Report (through `problem`) what a tier policy names that the map or vocabulary lacks."""
    for j, exporter in enumerate(policy.exporters):
        ref((*at, "exporters", j), exporter, entity_ids, "entity")
    for j, code in enumerate(policy.from_countries):
        country((*at, "from_countries", j), code)
    if policy.effective and policy.until and policy.until <= policy.effective:
        problem((*at, "until"), f"until {policy.until} is not after effective {policy.effective}")
    seen: set[str] = set()
    for k, tier in enumerate(policy.tiers):
        here = (*at, "tiers", k)
        if tier.id in seen:
            problem((*here, "id"), f"duplicate tier id {tier.id!r} in policy {policy.id!r}")
        seen.add(tier.id)
        rules = [name for name, on in (("allow", tier.allow), ("deny", tier.deny is not None),
                                       ("require", bool(tier.require or tier.one_of or tier.approval))) if on]
        if not rules:
            problem(here, "a tier says what moving its data takes: `allow: true`, `require:`/`one_of:`/"
                          "`approval: true`, or `deny:`")
        elif "allow" in rules and len(rules) > 1:
            problem((*here, "allow"), f"`allow: true` contradicts `{rules[1]}` in the same tier")
        if not tier.categories and not tier.datasets:
            problem(here, "a tier names the data it holds: `categories:` or `datasets:`")
        for j, cat in enumerate(tier.categories):
            if cat not in categories:
                problem((*here, "categories", j), f"unknown data category {cat!r}", categories.suggest(cat))
        for j, ds in enumerate(tier.datasets):
            ref((*here, "datasets", j), ds, dataset_ids, "dataset")
        for key in ("require", "one_of"):
            for j, mech in enumerate(getattr(tier, key)):
                if mech.startswith("org.") and not mech.startswith(f"org.{policy.id}."):
                    problem((*here, key, j), f"an organisation's own id is written org.{policy.id}.<name> "
                                             f"in policy {policy.id!r}, not {mech!r}")
                elif mech not in mechanisms:
                    problem((*here, key, j), _unknown(mech, "safeguard id", "safeguard"),
                            None if vocabulary.term(mech) else vocabulary.suggest(mech, mechanisms))
        if tier.deny is not None:
            for key in ("to", "except_to"):
                for j, code in enumerate(getattr(tier.deny, key)):
                    country((*here, "deny", key, j), code)
            if tier.deny.to and tier.deny.except_to:
                problem((*here, "deny"), "`deny:` takes `to:` (these countries) or `except_to:` (all but these), not both")


def _unknown(identifier: str, what: str, field: str) -> str:
    """Why an id is refused: unknown, or known but not something a map declares here."""
    known = vocabulary.term(identifier)
    if known is None:
        return f"unknown {what} {identifier!r}; `xborder ids` lists them"
    if known.kind == vocabulary.EXEMPTION:
        return (f"{identifier!r} is an exemption the engine derives from the map's facts "
                f"({known.article or known.source}), not a {field} a map declares")
    return f"{identifier!r} is a {known.kind} id, not a {field} id; `xborder ids` lists them"


def flow_lines(path: str | Path) -> dict[str, int]:
    """Line of each flow's `id` in a map file (for SARIF and editor links)."""
    if str(path) == "-":
        return {}  # standard input was read once, by load_map
    doc = parse(Path(path).read_text("utf-8"))
    out: dict[str, int] = {}
    flows = doc.data.get("flows") if isinstance(doc.data, dict) else None
    for i, flow in enumerate(flows or []):
        if isinstance(flow, dict) and "id" in flow:
            line = doc.line_of(("flows", i, "id"))
            if line:
                out[str(flow["id"])] = line
    return out
