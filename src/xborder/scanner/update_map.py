"""`--update-map`: write what a scan found into a data map's dataset.

The map is edited round-trip (ruamel.yaml keeps the user's comments, order and quoting),
the result is written to a temporary file beside it, validated with the strict loader,
and only then renamed over the original: a failed update leaves the map untouched.

What is written:
- `categories`: the scanned categories are added to those already declared (a scan can
  miss what a team knows, so nothing declared is removed);
- `subjects[0].minors: true` when dates of birth of children under 14 were found (PIPL
  treats their data as sensitive), again only with exactly one subject group;
- `subjects[0].count`: the largest individual count among the scanned tables (tables of
  one dataset are usually about the same people; summing would count them again), only
  when the dataset has exactly one subject group; with none or several, counts are left
  alone and a note says why.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xborder.scanner.errors import MapUpdateError
from xborder.scanner.report import ScanReport


@dataclass
class MapUpdate:
    dataset: str
    added_categories: list[str] = field(default_factory=list)
    count: int | None = None
    minors: bool = False
    notes: list[str] = field(default_factory=list)


def update_map(path: str | Path, dataset_id: str, report: ScanReport) -> MapUpdate:
    from xborder.datamap import MapError, load_map

    path = Path(path)
    try:
        load_map(path)
    except MapError as exc:
        raise MapUpdateError(f"{path} is not a valid data map; fix it first:\n{exc}") from None
    text = path.read_text("utf-8")
    is_json = path.suffix.lower() == ".json"
    if is_json:
        doc: Any = json.loads(text)
    else:
        from ruamel.yaml import YAML

        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 4096
        doc = yaml.load(text)
    datasets = doc.get("datasets") or []
    target = next((d for d in datasets if str(d.get("id")) == dataset_id), None)
    if target is None:
        known = ", ".join(str(d.get("id")) for d in datasets) or "none"
        raise MapUpdateError(f"dataset {dataset_id!r} is not in {path} (datasets: {known})")

    result = MapUpdate(dataset_id)
    found: list[str] = []
    for table in report.tables:
        found.extend(c for c in table.categories if c not in found)
    declared = target.get("categories")
    if declared is None:
        target["categories"] = declared = [] if is_json else _seq()
    for c in found:
        if c not in declared:
            declared.append(c)
            result.added_categories.append(c)

    counts = [t.individuals for t in report.tables if t.individuals is not None]
    subjects = target.get("subjects") or []
    if not counts:
        result.notes.append("no identifying column found: individual count not written")
    elif len(subjects) != 1:
        result.notes.append(f"dataset has {len(subjects)} subject groups: count not written "
                            f"(scan estimate: {max(counts)} individuals)")
    else:
        result.count = max(counts)
        subjects[0]["count"] = result.count
        if not is_json and hasattr(subjects[0], "yaml_add_eol_comment"):
            subjects[0].yaml_add_eol_comment(f"estimated by xborder scan on {report.as_of.isoformat()}", "count")

    if any(t.under_14 for t in report.tables) and len(subjects) == 1 and not subjects[0].get("minors"):
        subjects[0]["minors"] = True
        result.minors = True

    if is_json:
        out = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    else:
        buf = io.StringIO()
        yaml.dump(doc, buf)
        out = buf.getvalue()
    _write_validated(path, out)
    return result


def _seq() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def _write_validated(path: Path, text: str) -> None:
    from xborder.datamap import MapError, load_map

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            load_map(tmp)
        except MapError as exc:
            raise MapUpdateError(f"the updated map would be invalid; {path} left unchanged:\n{exc}") from None
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
