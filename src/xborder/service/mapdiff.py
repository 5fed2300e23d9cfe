"""A readable diff between two revisions of a data map: items added, removed and changed
by id in each section, and for a changed item the keys whose values differ."""

from __future__ import annotations

from typing import Any

SECTIONS = ("entities", "locations", "datasets", "flows", "requests")


def _by_id(items: Any) -> dict[str, Any]:
    if not isinstance(items, list):
        return {}
    return {str(i.get("id")): i for i in items if isinstance(i, dict)}


def map_diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    before = before or {}
    out: dict[str, Any] = {"sections": {}, "fields": [], "lines": []}
    for key in sorted((set(before) | set(after)) - set(SECTIONS)):
        if before.get(key) != after.get(key):
            out["fields"].append(key)
            out["lines"].append(f"~ {key}: {before.get(key)!r} → {after.get(key)!r}")
    for section in SECTIONS:
        old, new = _by_id(before.get(section)), _by_id(after.get(section))
        added = [i for i in new if i not in old]
        removed = [i for i in old if i not in new]
        changed = []
        for i in new:
            if i in old and old[i] != new[i]:
                keys = sorted(k for k in set(old[i]) | set(new[i]) if old[i].get(k) != new[i].get(k))
                changed.append({"id": i, "keys": keys})
                out["lines"] += [f"~ {section}[{i}].{k}: {old[i].get(k)!r} → {new[i].get(k)!r}" for k in keys]
        out["lines"] += [f"+ {section}[{i}]" for i in added] + [f"- {section}[{i}]" for i in removed]
        if added or removed or changed:
            out["sections"][section] = {"added": added, "removed": removed, "changed": changed}
    return out
