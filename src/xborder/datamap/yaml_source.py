"""Safe YAML loading, fast on the common path and precise on errors.

`parse_fast` reads a map with yaml-rs (a Rust YAML 1.2 parser: about 20x faster than
PyYAML, no Norway problem), refusing duplicate keys, oversize documents and alias
expansion past a budget (billion laughs). Only when a map has a problem does `parse`
read it again with PyYAML, recording the line of every key so each error can name it.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C parser is an order of magnitude faster; fall back where libyaml is absent
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the platform build
    _BaseLoader = yaml.SafeLoader

import re

import yaml_rs

MAX_BYTES = 256 * 1024 * 1024
MAX_ALIASES = 1000
_ALIAS_LIMITS = yaml_rs.AliasLimits(max_total_replayed_events=200_000, max_replay_stack_depth=16)
_LINE = re.compile(r"line (\d+)")


class SourceError(Exception):
    def __init__(self, line: int | None, key: str, message: str):
        self.line, self.key, self.message = line, key, message
        super().__init__(message)


class _MarkingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    def __init__(self, stream: str):
        super().__init__(stream)
        self.key_lines: dict[int, dict[Any, int]] = {}
        self.keep_alive: list[Any] = []
        self.aliases = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                event = self.peek_event()
                raise SourceError(event.start_mark.line + 1, "", f"more than {MAX_ALIASES} YAML aliases")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise SourceError(key_node.start_mark.line + 1, str(key), "a mapping key must be a scalar")
            if key in mapping:
                raise SourceError(key_node.start_mark.line + 1, str(key),
                                  f"duplicate key (first written on line {lines[key]})")
            mapping[key] = self.construct_object(value_node, deep=deep)
            lines[key] = key_node.start_mark.line + 1
        self.key_lines[id(mapping)] = lines
        self.keep_alive.append(mapping)
        return mapping


# Construct mappings eagerly so line records exist for every nested mapping.
_MarkingLoader.add_constructor(
    "tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node, deep=True)
)
# Dates stay ISO strings here; Pydantic parses them where the model expects a date,
# so a malformed date is reported with its key like any other error.
_MarkingLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


class LoadedDocument:
    """A parsed document plus the positions of its keys."""

    def __init__(self, data: Any, key_lines: dict[int, dict[Any, int]], keep_alive: list[Any]):
        self.data = data
        self._key_lines = key_lines
        self._keep_alive = keep_alive

    def line_of(self, path: tuple[Any, ...]) -> int | None:
        """The line of the deepest key on `path` that the document has."""
        node, best = self.data, None
        for step in path:
            if isinstance(node, dict):
                lines = self._key_lines.get(id(node), {})
                if step in lines:
                    best = lines[step]
                if step not in node:
                    break
                node = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
                if isinstance(node, dict):
                    lines = self._key_lines.get(id(node), {})
                    if lines:
                        best = min(lines.values())
            else:
                break
        return best


def parse(text: str) -> LoadedDocument:
    if len(text) > MAX_BYTES:
        raise SourceError(None, "", f"document larger than {MAX_BYTES // (1024 * 1024)} MiB")
    loader = _MarkingLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise SourceError(line, "", f"malformed YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SourceError(None, "", f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()
    return LoadedDocument(data, loader.key_lines, loader.keep_alive)


def parse_fast(text: str, filename: str) -> Any:
    """Parse without positions; on a syntax problem, report it with its line."""
    from xborder.datamap.errors import MapError, MapProblem

    if len(text) > MAX_BYTES:
        raise MapError([MapProblem(filename, None, "(document)", f"document larger than {MAX_BYTES // (1024 * 1024)} MiB")])
    try:
        return yaml_rs.loads(text, parse_datetime=False, alias_limits=_ALIAS_LIMITS)
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc).splitlines()[0]
    # The precise parser usually names the line and key (duplicates, bad syntax).
    try:
        parse(text)
    except SourceError as precise:
        raise MapError([MapProblem(filename, precise.line, precise.key or "(document)", precise.message)]) from None
    found = _LINE.search(message)
    raise MapError([MapProblem(filename, int(found.group(1)) if found else None, "(document)",
                               f"malformed YAML: {message}")]) from None
