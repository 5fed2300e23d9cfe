"""RU-152FZ: Federal Law No. 152-FZ "On Personal Data", Art 18(5) (localization) and Art 12.

Art 18(5) (in force 1 September 2015): "When collecting personal data, including by means
of the Internet, the operator shall ensure the recording, systematisation, accumulation,
storage, clarification (updating, modification) and retrieval of personal data of citizens
of the Russian Federation using databases located in the territory of the Russian
Federation". A primary database abroad breaks this whatever else is in place: no transfer
instrument cures it, so the verdict is `prohibited` with `ru.localization`. Art 18(5) excepts
"the cases indicated in points 2, 3, 4, 8 of part 1 of Article 6"; Art 6(1)(2): "processing of
personal data is necessary to achieve the purposes provided for by an international treaty of the
Russian Federation or by law, to carry out and fulfil the functions, powers and duties imposed on
the operator by the legislation of the Russian Federation" - a flow whose `necessity` is
`statutory-duty`, from an operator in Russia (a duty under a foreign law is not one).
Art 12 as amended by Federal Law No. 266-FZ (in force 1 March 2023): (3) before starting a
cross-border transfer the operator must notify Roskomnadzor of its intention; (5) before
notifying, it obtains from the recipient information on its protection of the data;
Roskomnadzor may prohibit or restrict the transfer, and while the notification is under
consideration a transfer to a state not ensuring adequate protection is not allowed.
Art 12 as amended by Federal Law No. 265-FZ of 26 July 2026 (in force on the day of its official
publication, 26 July 2026, Art 7(1)): (2) the list "includes the states whose legal regulation of
personal data and measures ... conform to the provisions of the Council of Europe Convention";
the words on being a party to the Convention are struck from parts 5(2), 10 and 11. From that day a
state is adequate as a member of the Roskomnadzor list, no longer as a party.
Art 12 before 1 March 2023: transfers to states ensuring adequate protection (parties to
Convention 108 and states on the Roskomnadzor list) are free; to other states only in the
cases of Art 12(4): (1) written consent of the subject, ... (4) performance of a contract
to which the subject is party, (5) protection of the subject's life or health where consent
cannot be obtained.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from typing import Any

from xborder.engine.hop import Hop
from xborder.kb import Citation, KnowledgeBase
from xborder.rules.base import EXPORTER, Reasoning, Regime, RegimeResult, Verdict

LAW = "152-FZ"
URL = "http://pravo.gov.ru/proxy/ips/?docbody=&nd=102108261"
RU = frozenset({"RU"})
LOCALIZATION = "ru.localization"
NOTIFICATION = "ru.transfer-notification"
WRITTEN_CONSENT = "ru.written-consent"
STATUTORY_DUTY = "ru.exemption.statutory-duty"
LIST_ONLY_ACT = "Federal Law No. 265-FZ of 26 July 2026"  # the ru.transfer_regime period from which the list alone counts
OLD_GROUNDS = {"contract-with-subject": "12(4)(4)", "emergency": "12(4)(5)"}


def cite(article: str) -> Citation:
    return Citation.of(LAW, article, URL)


class Ru152fz(Regime):
    id = "RU-152FZ"
    jurisdiction = "RU"
    title = "152-FZ Art 18(5) localization and Art 12 cross-border transfer"

    def reach_countries(self, as_of: dt.date, kb: KnowledgeBase) -> frozenset[str]:
        return frozenset({"RU"})  # every tie `assess` checks involves RU (see its first lines)

    def cache_key(self, hop: Hop, prepared: Any) -> Hashable | None:
        s = hop.sender
        citizens = hop.individuals(citizenship=RU)
        collected_in_russia = bool((hop.subject_residences | hop.origin_countries) & RU)
        exporter_in_russia = "RU" in (s.country, s.location_country)
        if not exporter_in_russia and not (citizens and collected_in_russia):
            return False  # `assess` returns None
        return (hop.as_of, s.country, s.location_country, hop.personal,
                bool(citizens) if exporter_in_russia else citizens,  # the number is told only of a foreign operator
                "RU" in hop.subject_residences, tuple(sorted({d.collected_in for d in hop.datasets if d.collected_in})),
                tuple((d.id, d.primary_store) for d in hop.datasets
                      if d.primary_store and any(sub.citizenship == "RU" for sub in d.subjects)),
                hop.recipient.location_country, hop.flow.necessity, hop.safeguards)

    @staticmethod
    def russian_tie(hop: Hop, citizens: int) -> str:
        """What the map says ties a foreign operator's data to Russia, and what is assumed."""
        stated = sorted({d.collected_in for d in hop.datasets if d.collected_in})
        if "RU" in stated:
            return f"the data concerns {citizens} citizens of the Russian Federation; the map says it was collected in RU"
        said = [f"collected_in: {', '.join(stated)}" if stated else "no collected_in"]
        if "RU" in hop.residences():
            said.append("subjects living in RU")
        return (f"the data concerns {citizens} citizens of the Russian Federation; the map gives {'; '.join(said)}. "
                "Assumed, cautiously, that their data was collected in Russia (Art 18(5) binds the operator "
                "collecting it); the map does not say so")

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        s = hop.sender
        citizens = hop.individuals(citizenship=RU)
        collected_in_russia = bool((hop.residences() | hop.origin_countries) & RU)
        if "RU" not in (s.country, s.location_country) and not (citizens and collected_in_russia):
            return None
        r = Reasoning(self.id, self.jurisdiction)
        if not hop.personal:
            return r.not_applicable("the data carried is not personal data")
        if s.country == "RU":
            r.reach(f"{EXPORTER} is an operator established in Russia")
        elif s.location_country == "RU":
            r.reach(f"{EXPORTER} operates from a location in Russia")
        else:
            r.reach(self.russian_tie(hop, citizens))
        abroad = self.primary_store_abroad(hop, r)
        if abroad and hop.flow.necessity == "statutory-duty" and "RU" in (s.country, s.location_country):
            # Art 18(5) excepts the cases of Art 6(1)(2): a duty Russian law puts on this (Russian) operator
            r.exception(STATUTORY_DUTY, "the processing is necessary to carry out functions, powers and duties the "
                        "legislation of the Russian Federation imposes on the operator (Art 6(1)(2)), a case Art 18(5) "
                        "excepts from localization", True, cite("18(5), 6(1)(2)"))
        elif abroad:
            r.rule(f"the primary database of Russian citizens' data ({', '.join(abroad)}) is outside Russia",
                   hop.kb.cite("ru.localization", hop.kb.period("ru.localization", hop.as_of)))
            return r.decide(Verdict.PROHIBITED, "databases of Russian citizens' data must be located in Russia",
                            cite("18(5)"), obligations=[LOCALIZATION])
        if "RU" not in (s.country, s.location_country):
            return r.not_applicable(f"{EXPORTER} does not transfer from Russia and keeps the primary database in Russia",
                                    cite("12"))
        if hop.recipient.location_country == "RU":
            return r.not_applicable("the recipient receives the data in Russia: no cross-border transfer",
                                    cite("12(1)"))
        return self.transfer(hop, r)

    def primary_store_abroad(self, hop: Hop, r: Reasoning) -> list[str]:
        """Datasets about Russian citizens whose primary database lies outside Russia (Art 18(5))."""
        if not hop.kb.value("ru.localization", hop.as_of):
            return []
        abroad: list[str] = []
        for d in hop.datasets:
            if not d.primary_store or not any(sub.citizenship == "RU" for sub in d.subjects):
                continue
            country = (hop.location_countries or {}).get(d.primary_store)
            r.fact(f"dataset {d.id} about Russian citizens has its primary database at {d.primary_store} "
                   f"({country or 'unknown country'})")
            if country and country != "RU":
                abroad.append(d.id)
        return abroad

    def transfer(self, hop: Hop, r: Reasoning) -> RegimeResult:
        kb, dest = hop.kb, hop.recipient.location_country
        period = kb.period("ru.transfer_regime", hop.as_of)
        adequate = kb.member("ru.adequate_countries", dest, hop.as_of)
        r.fact(f"{dest} is {'on' if adequate else 'not known to be on'} the list of states ensuring adequate "
               "protection", kb.cite("ru.adequate_countries", adequate))
        if period is not None and period.act == LIST_ONLY_ACT:
            # 265-FZ: party status no longer puts a state on the list; the members kept are the list's
            r.rule("Art 12(2) as amended by 265-FZ: the list of states ensuring adequate protection includes the "
                   "states whose law conforms to Convention 108; being a party to it no longer places a state on "
                   "the list", kb.cite("ru.transfer_regime", period))
        if period is not None and period.value == "notification":
            r.rule(f"cross-border transfer to {dest}: the operator notifies Roskomnadzor before it starts, after "
                   "collecting the recipient's information on its protection of the data", cite("12(3)-(5)"))
            if not adequate:
                r.rule("the destination is not known to ensure adequate protection: no transfer while the "
                       "notification is under consideration, and Roskomnadzor may prohibit it", cite("12"))
            return r.decide(Verdict.PERMITTED, "transfer allowed once Roskomnadzor is notified", cite("12(3)"),
                            obligations=[NOTIFICATION], safeguards=hop.safeguards)
        if adequate:
            return r.decide(Verdict.PERMITTED, "transfer to a state ensuring adequate protection", cite("12(1)"),
                            safeguards=hop.safeguards)
        ground = OLD_GROUNDS.get(hop.flow.necessity or "")
        if ground:
            r.exception(f"ru.exemption.{hop.flow.necessity}", f"necessity '{hop.flow.necessity}'", True, cite(ground))
            return r.decide(Verdict.PERMITTED, "a case of Art 12(4)", cite(ground), safeguards=hop.safeguards)
        return r.decide(Verdict.CONDITIONAL, "transfer to a state not ensuring adequate protection needs the "
                        "subject's written consent", cite("12(4)(1)"), one_of=[WRITTEN_CONSENT],
                        safeguards=hop.safeguards)
