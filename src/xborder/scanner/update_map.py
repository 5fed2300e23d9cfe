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
  alone and a note says why. A sample or an extract usually holds fewer people than the
  whole dataset, so a larger count already in the map is kept (and said so) unless
  `replace_counts` is given: a 200-row file must not move a 400,000-person exporter
  below a threshold.

The file keeps its layout: the indentation of block sequences is detected and reused, and
the "estimated by xborder scan" comment goes at the end of a block line, never inside a
flow mapping (`{residence: CN, count: 200}`).
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
    count: int | None = None  # the count written, when one was
    previous_count: int | None = None  # the map's count before (None: none was declared)
    kept_count: int | None = None  # the map's larger count, kept over the scan's estimate
    minors: bool = False
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line saying what changed: categories, and the count from what to what."""
        parts = [f"categories added: {', '.join(self.added_categories)}" if self.added_categories
                 else "no new categories"]
        if self.count is not None:
            before = "not declared" if self.previous_count is None else f"{self.previous_count:,}"
            parts.append(f"subjects count {before} → {self.count:,} (scan estimate)")
        elif self.kept_count is not None:
            parts.append(f"subjects count kept at {self.kept_count:,}")
        if self.minors:
            parts.append("minors: true (birth dates under 14 found)")
        return "; ".join(parts)


def update_map(path: str | Path, dataset_id: str, report: ScanReport, *, replace_counts: bool = False) -> MapUpdate:
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
        from ruamel.yaml.util import load_yaml_guess_indent

        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 4096
        _, indent, offset = load_yaml_guess_indent(text)
        # keep the file's own indentation ("  - id:" stays "  - id:"); ruamel's default is 2/0
        if indent is not None:
            yaml.indent(mapping=indent if offset is None else max(2, indent - offset), sequence=indent,
                        offset=offset or 0)
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
        estimate = max(counts)
        declared_count = subjects[0].get("count")
        result.previous_count = declared_count if isinstance(declared_count, int) else None
        if result.previous_count is not None and result.previous_count > estimate and not replace_counts:
            result.kept_count = result.previous_count
            result.notes.append(f"the map's count {result.previous_count:,} is larger than the scan's estimate "
                                f"{estimate:,} and was kept (a file is often a sample or an extract); "
                                "--replace-counts writes the estimate")
        elif result.previous_count != estimate:
            result.count = estimate
            subjects[0]["count"] = estimate
            if not is_json:
                _comment(target, subjects, f"estimated by xborder scan on {report.as_of.isoformat()}")

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


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return fa is None or bool(fa.flow_style())


def _comment(dataset: Any, subjects: Any, text: str) -> None:
    """An end-of-line comment beside the count, on the nearest line written in block style."""
    if not _is_flow(subjects[0]):
        subjects[0].yaml_add_eol_comment(text, "count")
    elif not _is_flow(dataset):
        dataset.yaml_add_eol_comment(text, "subjects")


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
