"""Errors in a data map: each names the file, the line and the key."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MapProblem:
    file: str
    line: int | None  # 1-based; None when the position is unknown
    key: str  # dotted path, e.g. flows[3].to.entity
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        hint = f" (did you mean {self.suggestion!r}?)" if self.suggestion else ""
        return f"{where}: {self.key}: {self.message}{hint}"


class MapError(Exception):
    """The data map is invalid; nothing was assessed. Carries every problem found."""

    def __init__(self, problems: list[MapProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
