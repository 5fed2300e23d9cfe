"""The data map, contract v1 (../shared/spec/contract.md): Pydantic models, strict.

Every model forbids unknown keys so a typo is an error, not a silently ignored fact.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

from xborder.zones.model import ZoneList

Id = str  # validated by ID_PATTERN below; kept a plain str for speed

ID_PATTERN = r"^[a-z0-9._-]+$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entity(_Strict):
    """A legal person that holds, sends or receives data."""

    id: Id = Field(pattern=ID_PATTERN, description="Unique id, [a-z0-9._-]+")
    name: str | None = Field(None, description="Legal name")
    country: str = Field(description="ISO 3166-1 alpha-2 code of establishment")
    zone: str | None = Field(None, description="Special zone (free-trade or pilot zone) id")
    ciio: bool = Field(False, description="CN critical information infrastructure operator")
    data_broker: bool = Field(
        False, description="Sells or licenses data it did not collect from the subject (US rules)"
    )
    covered_person: bool | None = Field(
        None,
        description="US 28 CFR 202.211: set true for a person designated as a covered person; "
        "otherwise derived from country and ownership",
    )
    certifications: tuple[str, ...] = Field((), description="Certification ids held, e.g. eu-us-dpf, apec-cbpr (`xborder ids --kind certification`)")
    parent: Id | None = Field(None, description="Id of the controlling entity")


class Location(_Strict):
    """Where data is physically stored or processed."""

    id: Id = Field(pattern=ID_PATTERN)
    name: str | None = None
    country: str = Field(description="ISO 3166-1 alpha-2 code")
    zone: str | None = Field(None, description="Special zone id, if the site lies in one")
    operator: Id | None = Field(None, description="Entity id running the location")


class Subjects(_Strict):
    """A group of people a dataset is about."""

    residence: str = Field(description="ISO code of where they live")
    citizenship: str | None = Field(None, description="ISO code, where a rule keys on it (RU)")
    kind: str = Field("customer", description="fideslang data subject")
    count: int = Field(0, ge=0, description="Distinct individuals per calendar year")
    minors: bool = Field(False, description="Includes minors (CN: under 14 is sensitive PI)")


class Dataset(_Strict):
    id: Id = Field(pattern=ID_PATTERN)
    name: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = Field((), description="fideslang data categories")
    subjects: tuple[Subjects, ...] = ()
    personal: bool | None = Field(None, description="Default: derived from the categories")
    important_data: bool = Field(False, description="CN: identified or notified as important data")
    core_data: bool = Field(False, description="CN: core data")
    sector: Id | None = Field(
        None, pattern=ID_PATTERN,
        description="Sector id (`xborder ids --kind sector`) whose sectoral rule or zone list the data falls "
        "under, e.g. payment-systems (IN-RBI), banking, healthcare, automotive",
    )
    scenario: Id | None = Field(
        None, pattern=ID_PATTERN,
        description="Business scenario id (`xborder ids --kind scenario`), as pilot-zone lists name them",
    )
    controls: tuple[str, ...] = Field(
        (), description="Sectoral and export controls the data is under, ids from docs/ids (`xborder ids --kind "
        "control`): us.dod-government-data (DFARS 252.239-7010), us.fti (IRS Publication 1075), us.ear-controlled "
        "(EAR technology or source code), us.itar-technical-data (ITAR technical data)"
    )
    collected_in: str | None = Field(None, description="ISO code where first collected")
    primary_store: Id | None = Field(None, description="Location id of the primary database")
    same_individuals_as: tuple[Id, ...] = Field(
        (), description="Datasets about the same individuals (counted once)"
    )


Role = Literal["controller", "processor"]


class Endpoint(_Strict):
    entity: Id
    location: Id | None = None
    role: Role = "controller"


Necessity = Literal[
    "contract-with-subject", "hr-management", "emergency", "legal-claims", "public-interest", "statutory-duty",
    # the data is processed under a contract the sender entered into with a person outside its country
    # (DPDP Act s17(1)(d): an Indian provider processing a foreign client's data of people abroad)
    "contract-with-person-abroad",
]
Transaction = Literal["data-brokerage", "vendor", "employment", "investment"]


class Flow(_Strict):
    """One hop: data moves from one entity/location to another."""

    id: Id = Field(pattern=ID_PATTERN)
    name: str | None = None
    from_: Endpoint = Field(alias="from")
    to: Endpoint
    datasets: tuple[Id, ...] = Field(min_length=1)
    purpose: str | None = Field(None, description="fideslang data use")
    necessity: Necessity | None = Field(
        None, description="Ground claimed for the transfer itself; contract-with-person-abroad: the data is processed "
        "under a contract the sender entered into with a person outside its country (DPDP Act s17(1)(d))",
    )
    transaction: Transaction | None = None
    safeguards: tuple[str, ...] = Field((), description="Instrument and obligation ids already in place (`xborder ids`)")
    direct_collection: bool = False
    sector: Id | None = Field(None, pattern=ID_PATTERN, description="Sector of this flow, where it differs from its datasets'")
    scenario: Id | None = Field(
        None, pattern=ID_PATTERN, description="Business scenario of this flow, where it differs from its datasets'"
    )


class Authority(_Strict):
    country: str
    kind: Literal["law-enforcement", "court", "intelligence", "regulator"] = "law-enforcement"


class Target(_Strict):
    """Whom a request targets, where the map knows it (CLOUD Act agreements' targeting limits)."""

    country: str | None = Field(None, description="Where the targeted person is located (ISO code)")
    us_person: bool | None = Field(None, description="A US citizen, national or lawful permanent resident")


class Request(_Strict):
    id: Id = Field(pattern=ID_PATTERN)
    authority: Authority
    holder: Id
    location: Id
    datasets: tuple[Id, ...] = Field(min_length=1)
    data_type: Literal["subscriber", "traffic", "content"] = "content"
    urgent: bool = False
    target: Target | None = None


FilingStatus = Literal["pending", "filed", "approved", "rejected", "withdrawn"]


class Filing(_Strict):
    """A mechanism filed with (or approved by) an authority: what makes it count on a date.

    A `safeguards:` entry says a mechanism is in place, with no date. A filing says when it
    was filed and approved and when it expires, so the engine counts the mechanism only on
    the days it is in effect (docs/policies.md)."""

    id: Id = Field(pattern=ID_PATTERN)
    mechanism: str = Field(description="The instrument (or a policy's approval) id this filing puts in effect")
    authority: str | None = Field(None, description="Who it is filed with or approved by, e.g. CAC, Shanghai CAC, Group DPO")
    exporter: Id = Field(description="Entity id of the exporter that filed")
    flows: tuple[Id, ...] = Field((), description="Flow ids it covers")
    datasets: tuple[Id, ...] = Field((), description="Dataset ids it covers, on every flow of the exporter carrying them")
    status: FilingStatus
    effective: dt.date | None = Field(
        None, description="Day the instrument itself took effect (a standard contract's date of effect), for "
        "mechanisms the law lets count from then, before their filing (docs/policies.md)",
    )
    filed: dt.date | None = None
    approved: dt.date | None = Field(None, description="Date approved (or the filing acknowledged)")
    expires: dt.date | None = Field(
        None, validation_alias=AliasChoices("expires", "expiry"),  # the word, accepted too
        description="Last day in effect (`expiry:` is read the same); default: the approval's validity in the "
        "knowledge base, if any",
    )
    reference: str | None = Field(None, description="The authority's reference number")
    reasons: str | None = Field(None, description="Why it was rejected or withdrawn")


class PolicySource(_Strict):
    """Where the organisation's policy text is, for citations."""

    document: str = Field(description="Title of the internal policy")
    section: str | None = None
    version: str | None = None
    url: str | None = None


class Deny(_Strict):
    """Where a tier may not go: to the countries listed, or anywhere but the countries listed."""

    to: tuple[str, ...] = Field((), description="Countries it may not go to")
    except_to: tuple[str, ...] = Field(
        (), description="It may go only to these countries (besides staying where it is); empty with `to` empty: nowhere"
    )


class Tier(_Strict):
    """One tier of a classification policy: which data it holds and what moving it takes."""

    id: Id = Field(pattern=ID_PATTERN)
    title: str | None = None
    section: str | None = Field(None, description="Section of the policy text that defines the tier")
    categories: tuple[str, ...] = Field((), description="Data categories in this tier (their sub-categories too)")
    datasets: tuple[Id, ...] = Field((), description="Datasets in this tier, whatever their categories")
    allow: bool = Field(False, description="Moves wherever the law allows")
    require: tuple[str, ...] = Field((), description="Safeguard ids all required before it moves")
    one_of: tuple[str, ...] = Field((), description="Safeguard ids of which any one is required")
    approval: bool = Field(
        False, description="Moves only after internal approval: a filing of mechanism `org.<policy>.<tier>.approval`"
    )
    deny: Deny | None = None


class TierPolicy(_Strict):
    """An organisation's own classification: general, sensitive, highly sensitive, or its own tiers.

    Tiers are listed from least to most strict; data in several tiers takes the strictest."""

    id: Id = Field(pattern=ID_PATTERN)
    kind: Literal["tiers"]
    title: str | None = None
    source: PolicySource
    exporters: tuple[Id, ...] = Field((), description="Entities it binds as senders; default: every entity of the map")
    from_countries: tuple[str, ...] = Field((), description="Only hops leaving these countries; default: every hop")
    effective: dt.date | None = None
    until: dt.date | None = Field(None, description="First day it no longer applies")
    tiers: tuple[Tier, ...] = Field(min_length=1)


# Kinds of policy, by their `kind` key (the loader picks the model by it).
POLICY_KINDS: dict[str, type[BaseModel]] = {"tiers": TierPolicy, "zone": ZoneList}
Policy = Annotated[TierPolicy | ZoneList, Field(discriminator="kind")]


class DataMap(_Strict):
    xborder: Literal[1]
    name: str | None = None
    description: str | None = None
    as_of: dt.date | None = None
    entities: tuple[Entity, ...] = ()
    locations: tuple[Location, ...] = ()
    datasets: tuple[Dataset, ...] = ()
    flows: tuple[Flow, ...] = ()
    requests: tuple[Request, ...] = ()
    filings: tuple[Filing, ...] = Field((), description="Mechanisms filed or approved, with their dates")
    policies: tuple[Policy, ...] = Field((), description="Organisation policies and zone lists (docs/policies.md)")
    expect: dict[str, Any] | None = Field(None, description="Reserved for test expectations")
