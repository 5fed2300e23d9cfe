"""What the US sectoral and export-control regimes share (US-DFARS, US-IRS1075, US-ITAR, US-EAR).

They fire on flags the map declares on a dataset (`datasets[].controls`), not on categories of
personal data: the law reaches the data because of what it is (Government data under a DoD
cloud contract, federal tax information, technology on a control list), whoever it is about.

"The United States" here is the fifty states and DC (`US`) with the outlying areas of FAR 2.101
(Puerto Rico, the Northern Mariana Islands, American Samoa, Guam, the U.S. Virgin Islands and
the minor outlying islands), which DFARS 252.239-7010(b)(3) names beside them and EAR 15 CFR
734.18(a)(4) treats as one territory for exports ("Shipping, moving, or transferring items
between or among the United States, the District of Columbia, the Commonwealth of Puerto Rico,
or the Commonwealth of the Northern Mariana Islands or any territory, dependency, or possession
of the United States" is not an export).

How a hop moves export-controlled technology, read from the parties' places and establishment
(ITAR 22 CFR 120.50, 120.51, 120.54, 120.56, 120.63; EAR 15 CFR 734.13, 734.14, 734.15, 734.18):
- export: from a place in the United States to a place outside it ("an actual shipment or
  transmission out of the United States");
- deemed export: to a recipient in the United States that is a foreign person ("any foreign
  corporation ... or any other entity or group that is not incorporated or organized to do
  business in the United States", 120.63), read as an entity established outside it;
- reexport: from one foreign country to another;
- release abroad: to a foreign person in the same foreign country ("Oral or written exchanges
  with foreign persons of technical data in the United States or abroad");
- not an export: between U.S. persons in the United States (120.54(a)(2), 734.18(a)(2)), into
  the United States to a U.S. person (only a shipment out of it is an export), or within one
  foreign country among U.S. persons only (120.54(a)(3), 734.18(a)(3)).
"""

from __future__ import annotations

import abc
import datetime as dt
import enum
from collections.abc import Hashable, Sequence
from typing import Any, ClassVar

from xborder.datamap.models import Dataset
from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict

GOVERNMENT_DATA = "us.dod-government-data"
FTI = "us.fti"
EAR_CONTROLLED = "us.ear-controlled"
ITAR_TECHNICAL_DATA = "us.itar-technical-data"
CARVE_OUT = "us.encryption-carve-out"
OUTLYING_AREAS = "us.dfars.outlying_areas"


def flagged_ids(hops: Sequence[Hop], control: str) -> frozenset[str]:
    """Ids of the map's datasets under `control` (a regime's `prepare`: most maps have none)."""
    return frozenset(d.id for hop in hops for d in hop.datasets if control in d.controls)


def flagged(hop: Hop, ids: frozenset[str]) -> tuple[Dataset, ...]:
    """The hop's datasets among `ids` (those `flagged_ids` found under one control)."""
    if not ids:
        return ()
    return tuple(d for d in hop.datasets if d.id in ids)


def primary_stores(hop: Hop, data: Sequence[Dataset]) -> tuple[tuple[str, str | None, str | None], ...]:
    """(dataset, primary store, its country) for each dataset: what a storage-location rule reads."""
    countries = hop.location_countries or {}
    return tuple((d.id, d.primary_store, countries.get(d.primary_store or "")) for d in data)


def stored_outside(hop: Hop, data: Sequence[Dataset], us: frozenset[str], r: Reasoning, found_text: str) -> list[str]:
    """The datasets whose primary store lies outside `us`, each as `found_text` says it
    (`{dataset}`, `{country}`); every known store is stated as a fact."""
    found = []
    for dataset, store, country in primary_stores(hop, data):
        if country:
            r.fact(f"dataset {dataset} has its primary store at {store} ({country})")
            if country not in us:
                found.append(found_text.format(dataset=dataset, country=country))
    return found


def united_states(kb: KnowledgeBase, on: dt.date) -> frozenset[str]:
    """The United States with its outlying areas (FAR 2.101), as ISO codes."""
    return frozenset({"US"}) | kb.members(OUTLYING_AREAS, on)


class Movement(str, enum.Enum):
    EXPORT = "export"
    DEEMED_EXPORT = "deemed export"
    REEXPORT = "reexport"
    RELEASE_ABROAD = "release abroad"
    DOMESTIC = "transfer between U.S. persons in the United States"
    INBOUND = "transfer into the United States to a U.S. person"
    IN_COUNTRY = "transfer among U.S. persons within one foreign country"

    @property
    def is_export(self) -> bool:
        return self not in (Movement.DOMESTIC, Movement.INBOUND, Movement.IN_COUNTRY)


def movement(hop: Hop, us: frozenset[str]) -> tuple[Movement, str]:
    """What the hop is under the export rules, and the country it is an export to."""
    s, t = hop.sender, hop.recipient
    foreign_recipient = t.country not in us and t.entity.id != s.entity.id
    if t.location_country in us:
        if foreign_recipient:
            return Movement.DEEMED_EXPORT, t.country
        return (Movement.DOMESTIC if s.location_country in us else Movement.INBOUND), t.location_country
    if s.location_country in us:
        return Movement.EXPORT, t.location_country
    if s.location_country != t.location_country:
        return Movement.REEXPORT, t.location_country
    if foreign_recipient:
        return Movement.RELEASE_ABROAD, t.country
    return Movement.IN_COUNTRY, t.location_country


def intended_recipient_is_originator(hop: Hop) -> bool:
    """A processor that only stores or carries the data is not its intended recipient: the
    data goes back to the originator (ITAR 120.54(b)(2): "The originator and the intended
    recipient may be the same person")."""
    s, t = hop.sender, hop.recipient
    return t.role == "processor" or t.entity.id == s.entity.id


class ControlledDataRegime(Regime):
    """A rule that fires only on datasets the map flags with its control (`controls:`).

    Subclasses name the CONTROL and say, in `key`, what else of a hop carrying such data
    their `assess` reads; a hop without it shares one empty result, and a map without any
    such dataset leaves the regime idle."""

    CONTROL: ClassVar[str]

    def prepare(self, hops: Sequence[Hop]) -> frozenset[str]:
        return flagged_ids(hops, self.CONTROL)

    def idle(self, prepared: frozenset[str]) -> bool:
        return not prepared  # no dataset of the map is under the control: `assess` returns None throughout

    def cache_key(self, hop: Hop, prepared: frozenset[str]) -> Hashable | None:
        data = flagged(hop, prepared) if prepared else ()
        return self.key(hop, data) if data else ()

    @abc.abstractmethod
    def key(self, hop: Hop, data: tuple[Dataset, ...]) -> Hashable:
        """What `assess` reads of a hop carrying the controlled `data`."""


class ExportControlRegime(ControlledDataRegime):
    """An export-control regime (ITAR, EAR): a controlled dataset leaving the United States, or
    reaching a foreign person, needs an authorization; encrypted storage is not an export.

    Subclasses name the control, the fact (`export`, `release`, `not_exports` sections and the
    `carve_out_countries` per period), the authorizations and how the carve-out's intended
    recipient is limited."""

    FACT: ClassVar[str]
    WHAT: ClassVar[str]  # what the controlled data is called in the law
    AUTHORIZATIONS: ClassVar[tuple[str, ...]]  # `one_of` besides the carve-out
    RECIPIENT_IN_US: ClassVar[bool]  # the carve-out's intended recipient must be in the United States
    SENT_FROM_EXCLUDED: ClassVar[bool]  # the carve-out also excludes data sent from the named countries

    def key(self, hop: Hop, data: tuple[Dataset, ...]) -> Hashable:
        s, t = hop.sender, hop.recipient
        return (hop.as_of, tuple(d.id for d in data), s.location_country, t.location_country, t.country,
                t.role, s.entity.id == t.entity.id, hop.safeguards & {*self.AUTHORIZATIONS, CARVE_OUT})

    def assess(self, hop: Hop, prepared: frozenset[str]) -> RegimeResult | None:
        data = flagged(hop, prepared)
        if not data:
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{', '.join(d.id for d in data)}: {self.WHAT} (dataset control {self.CONTROL})")
        period = kb.period(self.FACT, hop.as_of)
        sections = period.value
        us = united_states(kb, hop.as_of)
        move, destination = movement(hop, us)
        if not move.is_export:
            return r.not_applicable(f"a {move.value}: not an export, reexport or release", self.not_export_cite(
                sections, move))
        r.rule(self.describe(move, destination, sections), self.movement_cite(sections, move))
        one_of = list(self.AUTHORIZATIONS)
        if self.carve_out(hop, r, sections, us):
            one_of.append(CARVE_OUT)
        self.note_authorizations(r, destination)
        return r.decide(Verdict.CONDITIONAL, f"the {move.value} to {destination} needs an authorization: "
                        + " or ".join(one_of), self.movement_cite(sections, move), one_of=one_of,
                        safeguards=hop.safeguards)

    def describe(self, move: Movement, destination: str, sections: dict[str, Any]) -> str:
        if move is Movement.EXPORT:
            return f"{EXPORTER} sends it from the United States to {RECIPIENT} in {RECIPIENT_COUNTRY}: an export"
        if move is Movement.DEEMED_EXPORT:
            return (f"{RECIPIENT}, established in {destination}, receives it in the United States: a release to a "
                    f"foreign person there, a deemed export to {destination}")
        if move is Movement.REEXPORT:
            return f"{EXPORTER} sends it from one foreign country to {RECIPIENT} in {RECIPIENT_COUNTRY}: a reexport"
        return (f"{RECIPIENT}, established in {destination}, receives it abroad: a release to a foreign person, which "
                "needs the authorization its export or reexport to that person would")

    def carve_out(self, hop: Hop, r: Reasoning, sections: dict[str, Any], us: frozenset[str]) -> bool:
        """Whether sending or storing the data end-to-end encrypted keeps the hop from being an
        export; the encryption itself is not in the map, so it counts only when declared."""
        cite = self.carve_out_cite(sections)
        if sections["not_exports"] is None:
            r.exception(CARVE_OUT, "no encrypted sending or storing is excluded from 'export' on this date",
                        False, cite)
            return False
        s, t = hop.sender, hop.recipient
        places = {t.location_country, s.location_country} if self.SENT_FROM_EXCLUDED else {t.location_country}
        named = set(sections["carve_out_countries"]) & places
        if named:
            verb = "sent from or to, or stored in" if self.SENT_FROM_EXCLUDED else "stored in"
            r.exception(CARVE_OUT, f"the data is {verb} {', '.join(sorted(named))}, which the encryption carve-out "
                        "excludes", False, cite)
            return False
        # A processor that only stores the data never holds the means of decryption: the intended
        # recipient is then the originator, and access to encrypted data is no release (120.54(c)).
        if not (intended_recipient_is_originator(hop) or self.eligible(hop, us)):
            where = " in the United States" if self.RECIPIENT_IN_US else ""
            r.exception(CARVE_OUT, f"the intended recipient {RECIPIENT} is not the originator nor a U.S. person"
                        f"{where}: encryption does not keep a release to it from being one", False, cite)
            return False
        declared = CARVE_OUT in hop.safeguards
        r.exception(CARVE_OUT, "unclassified data sent or stored with end-to-end encryption (FIPS 140-2 modules or "
                    "equally strong), not stored in a proscribed country" + ("" if declared else " (not declared)"),
                    declared, cite)
        return True

    def eligible(self, hop: Hop, us: frozenset[str]) -> bool:
        """An intended recipient other than the originator that the carve-out allows."""
        t = hop.recipient
        return t.country in us and (not self.RECIPIENT_IN_US or t.location_country in us)

    def note_authorizations(self, r: Reasoning, destination: str) -> None:
        """Anything the trace should say about the authorizations (optional)."""

    RELEASE_PARAGRAPHS: ClassVar[str]  # the paragraphs of the release section a release cites

    def movement_cite(self, sections: dict[str, Any], move: Movement) -> Citation:
        """The article behind this movement, as in force in the period `sections` describes."""
        section, paragraphs = {Movement.EXPORT: ("export", "(a)(1)"), Movement.DEEMED_EXPORT: ("export", "(a)(2), (b)"),
                               Movement.REEXPORT: ("reexport", "(a)(1)")}.get(move, ("release", self.RELEASE_PARAGRAPHS))
        return self.section_cite(f"{sections[section]}{paragraphs}")

    @abc.abstractmethod
    def section_cite(self, section: str) -> Citation:
        """A citation of one section (with its paragraphs) of this regime's regulations."""

    @abc.abstractmethod
    def not_export_cite(self, sections: dict[str, Any], move: Movement) -> Citation:
        """The article behind this step, as in force in the period `sections` describes."""

    @abc.abstractmethod
    def carve_out_cite(self, sections: dict[str, Any]) -> Citation:
        """The article behind this step, as in force in the period `sections` describes."""
