"""What-if edits on a copy of a data map: the draft travels in the page as YAML; each edit
is a pure function from a draft to a new draft, so nothing is saved until the user saves it
as a revision (through the service, with its validation)."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from xborder.datamap.yaml_source import SourceError, parse_fast
from xborder.service.mapdiff import map_diff as service_map_diff

MAX_DRAFT = 1_000_000


class DraftError(ValueError):
    """An edit that cannot be made, named for the person who asked for it."""


def to_text(content: dict[str, Any]) -> str:
    return yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=120)


def from_text(text: str) -> dict[str, Any]:
    if len(text) > MAX_DRAFT:
        raise DraftError(f"the draft is larger than {MAX_DRAFT} characters")
    try:
        content = parse_fast(text, "draft")
    except SourceError as exc:
        raise DraftError(f"line {exc.line}: {exc.message}" if exc.line else exc.message) from None
    except Exception as exc:  # yaml-rs reports its own error types  # noqa: BLE001
        raise DraftError(f"the draft is not valid YAML: {type(exc).__name__}") from None
    if not isinstance(content, dict):
        raise DraftError("the draft must be a mapping (a data map)")
    return content


def _item(content: dict[str, Any], section: str, item_id: str) -> dict[str, Any]:
    for item in content.get(section) or []:
        if isinstance(item, dict) and item.get("id") == item_id:
            return item
    raise DraftError(f"no {section[:-1]} {item_id!r} in the draft")


def _text(form: dict[str, Any], key: str) -> str:
    value = form.get(key)
    return str(value).strip() if value is not None else ""


def add_safeguard(content: dict[str, Any], flow_id: str, safeguard: str) -> None:
    if not safeguard:
        raise DraftError("name the safeguard to add (e.g. eu.tia)")
    flow = _item(content, "flows", flow_id)
    have = list(flow.get("safeguards") or [])
    if safeguard not in have:
        flow["safeguards"] = [*have, safeguard]


def move_location(content: dict[str, Any], location_id: str, country: str) -> None:
    if len(country) != 2:
        raise DraftError("give the new country as an ISO 3166-1 alpha-2 code (e.g. DE)")
    _item(content, "locations", location_id)["country"] = country.upper()


def change_count(content: dict[str, Any], dataset_id: str, count: str) -> None:
    if not count.isdigit():
        raise DraftError("a count is a whole number of people")
    subjects = _item(content, "datasets", dataset_id).get("subjects") or []
    if not subjects:
        raise DraftError(f"dataset {dataset_id!r} names no data subjects to count")
    subjects[0]["count"] = int(count)


def add_filing(content: dict[str, Any], exporter: str, mechanism: str) -> None:
    """An approved filing puts its mechanism in place for the exporter's transfers (the rule
    the service applies to approved filings); in a draft that is the mechanism on each of
    the exporter's flows."""
    if not mechanism:
        raise DraftError("name the mechanism the filing puts in place (e.g. cn.standard-contract)")
    flows = [f for f in content.get("flows") or [] if isinstance(f, dict) and (f.get("from") or {}).get("entity") == exporter]
    if not flows:
        raise DraftError(f"entity {exporter!r} sends nothing in the draft")
    for flow in flows:
        add_safeguard(content, str(flow.get("id")), mechanism)


def apply(draft: str, action: str, form: dict[str, Any]) -> str:
    """The draft after one edit (`preview` only re-reads it)."""
    if action == "preview":
        return draft
    content = copy.deepcopy(from_text(draft))
    if action == "add_safeguard":
        add_safeguard(content, _text(form, "flow"), _text(form, "safeguard"))
    elif action == "move_location":
        move_location(content, _text(form, "location"), _text(form, "country"))
    elif action == "change_count":
        change_count(content, _text(form, "dataset"), _text(form, "count"))
    elif action == "add_filing":
        add_filing(content, _text(form, "exporter"), _text(form, "mechanism"))
    else:
        raise DraftError(f"unknown edit {action!r}")
    return to_text(content)


def map_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The service's readable diff (the one a saved revision carries)."""
    return service_map_diff(before, after)
