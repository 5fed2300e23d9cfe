"""The data map, contract v1 (../shared/spec/contract.md): Pydantic models, strict.

Every model forbids unknown keys so a typo is an error, not a silently ignored fact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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


Sector = Literal["payment-systems", "communications"]


class Dataset(_Strict):
    id: Id = Field(pattern=ID_PATTERN)
    name: str | None = None
    description: str | None = None
    categories: tuple[str, ...] = Field((), description="fideslang data categories")
    subjects: tuple[Subjects, ...] = ()
    personal: bool | None = Field(None, description="Default: derived from the categories")
    important_data: bool = Field(False, description="CN: identified or notified as important data")
    core_data: bool = Field(False, description="CN: core data")
    sector: Sector | None = Field(
        None, description="Regulated sector whose sectoral storage or transfer rule the data falls under: "
        "payment-systems = data of a payment system operated in India (IN-RBI, RBI payment data storage directive); "
        "communications = subscribers' data of a communications enterprise (TW-PDPA Art 21, the NCC's order)"
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
    "contract-with-subject", "hr-management", "emergency", "legal-claims", "public-interest"
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
    necessity: Necessity | None = None
    transaction: Transaction | None = None
    safeguards: tuple[str, ...] = Field((), description="Instrument and obligation ids already in place (`xborder ids`)")
    direct_collection: bool = False


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
    policies: tuple[dict[str, Any], ...] = ()
    expect: dict[str, Any] | None = Field(None, description="Reserved for test expectations")
