"""A request planned without a data map: from a small request file or command-line flags.

The planner itself works on a data map's `requests:`; here the request's few facts (the
authority, the holder and its owners' countries, where the data sits, what kind of data, where
the people it is about live, whom it targets) are turned into the smallest map that carries
them, so the answer is the one `xborder assess` would give for the same request.

A request file (YAML or JSON):

    as_of: 2026-06-01
    request:
      id: bka-mailbox
      authority: {country: DE, kind: law-enforcement}
      holder: {country: US, parents: []}    # parents: countries of the controlling entities, nearest first
      location: US                          # where the data sits
      data_type: content                    # subscriber | traffic | content
      subjects: [DE]                        # where the people the data is about live
      personal: true
      urgent: false
      target: {country: DE, us_person: false}
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from xborder.datamap.countries import country_problem
from xborder.datamap.models import Authority, DataMap, Dataset, Entity, Location, Request, Subjects, Target
from xborder.evidence.context import build_contexts
from xborder.evidence.planner import assess_request
from xborder.kb import KnowledgeBase, default_knowledge_base


class RequestSpecError(ValueError):
    """A request file or flag that cannot be planned; the message names the field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HolderSpec(_Strict):
    country: str
    parents: tuple[str, ...] = Field((), description="Countries of the entities controlling the holder, nearest first")


class RequestSpec(_Strict):
    id: str = Field("request", pattern=r"^[a-z0-9][a-z0-9._-]*$")
    authority: Authority
    holder: HolderSpec
    location: str = Field(description="Country where the data sits")
    data_type: Literal["subscriber", "traffic", "content"] = "content"
    subjects: tuple[str, ...] = Field((), description="Where the people the data is about live")
    personal: bool = True
    urgent: bool = False
    target: Target | None = None


class RequestFile(_Strict):
    as_of: dt.date | None = None
    request: RequestSpec


_CATEGORY = {"content": "user.content", "traffic": "user.device", "subscriber": "user.contact"}


def load_request_file(path: Path) -> tuple[RequestSpec, dt.date | None]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RequestSpecError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise RequestSpecError(f"{path}{where}: not valid YAML") from None
    try:
        parsed = RequestFile.model_validate(raw)
    except ValidationError as exc:
        raise RequestSpecError(f"{path}: " + _describe(exc)) from None
    return parsed.request, parsed.as_of


def parse_spec(data: dict[str, Any]) -> RequestSpec:
    """A spec from a plain mapping (the CLI's flags), with errors naming the field."""
    try:
        return RequestSpec.model_validate(data)
    except ValidationError as exc:
        raise RequestSpecError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def _check_countries(spec: RequestSpec) -> None:
    fields: list[tuple[str, str]] = [("authority.country", spec.authority.country), ("holder.country", spec.holder.country),
                                     ("location", spec.location)]
    fields += [(f"holder.parents[{i}]", c) for i, c in enumerate(spec.holder.parents)]
    fields += [(f"subjects[{i}]", c) for i, c in enumerate(spec.subjects)]
    if spec.target is not None and spec.target.country is not None:
        fields.append(("target.country", spec.target.country))
    for name, code in fields:
        problem = country_problem(code)
        if problem is not None:
            message, suggestion = problem
            hint = f" (did you mean {suggestion}?)" if suggestion else ""
            raise RequestSpecError(f"{name}: {message}{hint}")


def spec_to_map(spec: RequestSpec, as_of: dt.date | None) -> DataMap:
    """The smallest data map that carries the request's facts."""
    _check_countries(spec)
    chain = [Entity(id="holder", country=spec.holder.country,
                    parent="owner-1" if spec.holder.parents else None)]
    for i, country in enumerate(spec.holder.parents, 1):
        parent = f"owner-{i + 1}" if i < len(spec.holder.parents) else None
        chain.append(Entity(id=f"owner-{i}", country=country, parent=parent))
    residences = spec.subjects or (spec.location,)
    dataset = Dataset(id="sought", categories=(_CATEGORY[spec.data_type],), personal=spec.personal,
                      subjects=tuple(Subjects(residence=c, count=1) for c in dict.fromkeys(residences)))
    request = Request(id=spec.id, authority=spec.authority, holder="holder", location="store",
                      datasets=("sought",), data_type=spec.data_type, urgent=spec.urgent, target=spec.target)
    return DataMap(xborder=1, name=f"request {spec.id}", as_of=as_of, entities=tuple(chain),
                   locations=(Location(id="store", country=spec.location),), datasets=(dataset,),
                   requests=(request,))


def plan_request(spec: RequestSpec, as_of: dt.date | None = None, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """Plan one request as of a date (default today): the same result as inside a map."""
    kb = kb or default_knowledge_base()
    on = as_of or dt.date.today()
    (ctx,) = build_contexts(spec_to_map(spec, on), on, kb)
    result = assess_request(ctx)
    result["as_of"] = on.isoformat()
    return result
