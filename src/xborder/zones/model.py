"""A pilot zone's lists of outbound data, in the shape zones publish them.

CAC Provisions on Promoting and Regulating Cross-Border Data Flows (22 March 2024), Art 6:
"自贸试验区在国家数据分类分级保护制度框架下，可以自行制定区内需要纳入数据出境安全评估、
个人信息出境标准合同、个人信息保护认证管理范围的数据清单（简称负面清单），经省级网络安全和
信息化委员会批准后，报国家网信部门、国家数据管理部门备案。自贸试验区内数据处理者向境外提供
负面清单外的数据，可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护
认证。" (a pilot free trade zone may draw up the list of data within the scope of the
security assessment, standard contract and certification — the negative list; data outside it
provided abroad by processors in the zone is exempt from all three).

One model serves the knowledge base's editions (src/xborder/kb/data/cn/zones/*.yaml) and a
regulator's own zone file in a data map (`policies:` with `kind: zone`): zone -> sector ->
business scenario -> data category -> data field. A sector or scenario without an id is
"any" (Tianjin's list is one catalogue of categories for every sector).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9._-]+$"

# What data on a negative list needs: a mechanism named by the list, or the national route
# (PIPL Art 38, Provisions Arts 7-8) where the list names none.
Route = Literal["national", "security-assessment", "standard-contract-or-certification"]
# List-wide or entry conditions: who or what the list does not serve.
Condition = Literal["ciio-excluded", "core-data-excluded", "important-data-excluded"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Threshold(_Strict):
    """An entry applies from this many people on (the list's "X万人以上": X or more)."""

    people: int = Field(ge=1, description="Distinct individuals in the data the exporter provides abroad")
    sensitive: bool = Field(False, description="Counts only sensitive personal information")


class _Entry(_Strict):
    name: str = Field(description="The item as the list words it (Chinese where published in Chinese)")
    name_en: str | None = Field(None, description="An English rendering (ours, not the list's)")
    categories: tuple[str, ...] = Field(
        (), description="Taxonomy data categories the item is (exact); empty: matched through the documented mapping")
    route: Route | None = Field(None, description="What data on the list needs; default: the parent's, else national")
    threshold: Threshold | None = None
    conditions: tuple[Condition, ...] = ()
    verified: bool = Field(True, description="Read in the published list (or a faithful reprint)")
    note: str | None = None


class ZoneField(_Entry):
    """One data field (数据字段) of a category."""


class ZoneCategory(_Entry):
    """One data category (数据类别) of a scenario, with its fields where the list names them."""

    fields: tuple[ZoneField, ...] = ()


class ZoneScenario(_Strict):
    """One business scenario (业务场景); `id: null` for a list that is not by scenario."""

    id: str | None = Field(None, pattern=ID_PATTERN)
    name: str | None = None
    name_en: str | None = None
    recipients: tuple[str, ...] = Field((), description="White list: pre-cleared recipients (entity ids); empty: any")
    destinations: tuple[str, ...] = Field((), description="White list: pre-cleared destination countries; empty: any")
    categories: tuple[ZoneCategory, ...] = ()
    verified: bool = True
    note: str | None = None


class ZoneSector(_Strict):
    """One sector (行业领域); `id: null` for a list that covers every sector."""

    id: str | None = Field(None, pattern=ID_PATTERN)
    name: str | None = None
    name_en: str | None = None
    conditions: tuple[Condition, ...] = ()
    scenarios: tuple[ZoneScenario, ...] = ()
    verified: bool = True
    note: str | None = None


class ZoneSource(_Strict):
    """Where the list's text is, for citations."""

    document: str
    section: str | None = None
    url: str | None = None


class ZoneList(_Strict):
    """One edition of a zone's lists: its negative list and its white list.

    It applies to exporters registered in `zone` (or in `applies_to`) from `effective` (else
    `published`); a later edition for the same zone replaces it from its own date."""

    id: str = Field(pattern=ID_PATTERN, description="Edition id, e.g. tianjin-ftz-2024")
    kind: Literal["zone"]
    zone: str = Field(pattern=ID_PATTERN, description="Zone id (`xborder ids --kind zone`)")
    applies_to: tuple[str, ...] = Field((), description="Other zone ids the edition also serves")
    country: str = Field("CN", description="Where the zone is: data leaving it is an export")
    title: str | None = None
    title_en: str | None = None
    edition: str | None = None
    scope: Literal["comprehensive", "scenario"] = Field(
        "comprehensive",
        description="comprehensive: data anywhere off the list is exempt; scenario: the list governs only its "
        "sectors and scenarios, data of others takes the national route unchanged")
    complete: bool = Field(
        True, description="The file holds every entry of the published list; false: an entry may be missing, "
        "so data is never found off the list")
    issuer: tuple[str, ...] = ()
    published: dt.date | None = None
    effective: dt.date | None = Field(None, description="First day in force; default: `published`")
    until: dt.date | None = Field(None, description="First day no longer in force")
    url: str | None = None
    source: ZoneSource | None = None
    conditions: tuple[Condition, ...] = ()
    counts: dict[str, int] = Field(default_factory=dict, description="Sizes the issuer reports (sectors, scenarios, fields)")
    checked: dt.date | None = None
    verified: bool = True
    note: str | None = None
    negative: tuple[ZoneSector, ...] = Field((), description="Data that still needs a mechanism (负面清单)")
    white: tuple[ZoneSector, ...] = Field((), description="Pre-cleared data, recipients, destinations (一般数据清单)")

    @property
    def start(self) -> dt.date | None:
        return self.effective or self.published

    @property
    def zones(self) -> tuple[str, ...]:
        return (self.zone, *self.applies_to)

    def in_force(self, on: dt.date) -> bool:
        return self.start is not None and self.start <= on and (self.until is None or on < self.until)
