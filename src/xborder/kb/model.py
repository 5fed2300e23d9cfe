"""The knowledge base: legal facts as dated data, each with its source.

One YAML file per legal quantity under `data/<jurisdiction>/`; the file's path is its id
(`data/eu/adequacy.yaml` → `eu.adequacy`). A fact is one of:

- `list`: members (country codes, category keys, certification ids...) each valid over
  [from, until), e.g. the countries with an adequacy decision;
- `value`: one quantity whose value changes over time, keyed by the date it took effect,
  e.g. a volume threshold; a repeal is a period whose `value` is null.

Every fact names the law, article and URL of its primary text, and when it was last checked
against that text. `verified: false` marks what could not be checked there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where a legal fact comes from."""

    law: str = Field(description="Short name of the instrument, e.g. GDPR, PIPL, 28 CFR 202")
    article: str = Field(description="Article, section or recital, e.g. 45(3)")
    url: str = Field(description="Link to the primary text")
    title: str | None = Field(None, description="Full title of the instrument")


class Member(_Strict):
    """One dated member of a list."""

    key: str
    from_: dt.date = Field(alias="from", description="First day in force")
    until: dt.date | None = Field(None, description="First day no longer in force (exclusive)")
    scope: str | None = Field(None, description="Limits of the membership in words")
    act: str | None = Field(None, description="The act that made it a member (decision, notice)")
    url: str | None = Field(None, description="Link to that act")
    ended_by: str | None = Field(None, description="What ended it (judgment, repeal)")
    verified: bool = True
    note: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict, description="Rule-specific data")

    def in_force(self, on: dt.date) -> bool:
        return self.from_ <= on and (self.until is None or on < self.until)


class Period(_Strict):
    """One value of a quantity, in force from `from` until the next period starts."""

    from_: dt.date = Field(alias="from")
    value: Any
    article: str | None = Field(None, description="Article in force in this period, if it moved")
    act: str | None = None
    url: str | None = None
    verified: bool = True
    note: str | None = None


class Fact(_Strict):
    id: str = Field(description="Dotted id from the file path; set by the loader")
    title: str
    description: str | None = None
    kind: str = Field(pattern="^(list|value)$")
    source: Source
    checked: dt.date = Field(description="Day the fact was last checked against the source")
    verified: bool = True
    note: str | None = None
    members: tuple[Member, ...] = ()
    values: tuple[Period, ...] = ()

    @model_validator(mode="after")
    def _shape(self) -> "Fact":
        if self.kind == "list" and self.values:
            raise ValueError("a list fact has `members`, not `values`")
        if self.kind == "value":
            if self.members or not self.values:
                raise ValueError("a value fact has one or more `values` and no `members`")
            dates = [p.from_ for p in self.values]
            if dates != sorted(dates) or len(set(dates)) != len(dates):
                raise ValueError("`values` must be in strictly increasing order of `from`")
        return self

    def period(self, on: dt.date) -> Period | None:
        """The period in force on `on`, or None before the first one."""
        current = None
        for p in self.values:
            if p.from_ <= on:
                current = p
            else:
                break
        return current

    def members_on(self, on: dt.date) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.in_force(on))
