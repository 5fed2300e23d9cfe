"""IN-RBI: the RBI directive on the storage of payment system data (localization).

RBI circular RBI/2017-18/153 (DPSS.CO.OD No.2785/06.08.005/2017-18) of 6 April 2018: all
system providers shall ensure that, within six months, "the entire data relating to payment
systems operated by them is stored in a system only in India", compliance reported by 15
October 2018; "For the foreign leg of the transaction, if any, the data can also be stored in
the foreign country, if required" (both read in reproductions of the circular only). RBI FAQ of 26 June 2019: "The entire payment data shall be stored in systems
located only in India"; "There is no bar on processing of payment transactions outside India
... However, the data shall be stored only in India after the processing"; "In case the
processing is done abroad, the data should be deleted from the systems abroad and brought
back to India not later than the one business day or 24 hours from payment processing,
whichever is earlier."
The map marks payment system data with the dataset's `sector: payment-systems`. DPDP Act
s16(2) keeps such stricter laws in force beside s16 (see IN-DPDP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import KnowledgeBase
from xborder.rules.base import RECIPIENT, RECIPIENT_COUNTRY, Reasoning, Regime, RegimeResult, Verdict
from xborder.rules.dated import next_change
from xborder.rules.in_dpdp import PAYMENT_SYSTEMS

LOCAL_STORAGE = "in.rbi.local-storage"
FACT = "in.rbi_payment_storage"


class InRbi(Regime):
    id = "IN-RBI"
    jurisdiction = "IN"
    title = "RBI Storage of Payment System Data (RBI/2017-18/153): payment data stored only in India"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"IN"})  # sender in India or data collected there (see `assess`)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        payment = tuple((d.id, d.primary_store) for d in hop.datasets if d.sector == PAYMENT_SYSTEMS)
        s = hop.sender
        if not payment or ("IN" not in (s.country, s.location_country) and "IN" not in hop.origin_countries):
            return False  # `assess` returns None
        return (hop.as_of, payment, hop.recipient.location_country == "IN", hop.safeguards)

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        payment = [d for d in hop.datasets if d.sector == PAYMENT_SYSTEMS]
        if not payment:
            return None
        s, t = hop.sender, hop.recipient
        if "IN" not in (s.country, s.location_country) and "IN" not in hop.origin_countries:
            return None
        kb = hop.kb
        r = Reasoning(self.id, self.jurisdiction)
        r.reach(f"{', '.join(d.id for d in payment)}: data of a payment system operated in India "
                "(dataset sector payment-systems)")
        period = kb.period(FACT, hop.as_of)
        if period is None or period.value is None:
            starts = next_change(hop, FACT)
            return r.not_applicable(f"the storage duty binds from {starts}: the circular of 6 April 2018 gave six "
                                    "months to comply", kb.cite(FACT, period))
        cite = kb.cite(FACT, period)
        abroad = []
        for d in payment:
            country = (hop.location_countries or {}).get(d.primary_store or "")
            if country:
                r.fact(f"dataset {d.id} has its primary store at {d.primary_store} ({country})")
                if country != "IN":
                    abroad.append(d.id)
        if abroad:
            r.rule(f"the payment data of {', '.join(abroad)} is stored outside India", cite)
            return r.decide(Verdict.PROHIBITED, "the entire payment data must be stored in a system only in India",
                            cite, obligations=[LOCAL_STORAGE])
        if t.location_country == "IN":
            return r.not_applicable(f"{RECIPIENT} receives the data in India and it is stored there", cite)
        r.rule(f"the payment data goes to {RECIPIENT} in {RECIPIENT_COUNTRY}: {period.value['processing_abroad']}", cite)
        return r.decide(Verdict.PERMITTED, "payment system data leaves India only on condition that it stays "
                        "stored only in India", cite, obligations=[LOCAL_STORAGE], safeguards=hop.safeguards)
