"""ZA-POPIA: transfers of personal information outside the Republic, POPIA s72 (from 1 July 2020).

s72(1): "A responsible party in the Republic may not transfer personal information about a
data subject to a third party who is in a foreign country unless - (a) the third party who is
the recipient of the information is subject to a law, binding corporate rules or binding
agreement which provide an adequate level of protection that (i) effectively upholds
principles for reasonable processing of the information that are substantially similar to
the conditions for the lawful processing ...; and (ii) includes provisions, that are
substantially similar to this section, relating to the further transfer ...; (b) the data
subject consents to the transfer; (c) the transfer is necessary for the performance of a
contract between the data subject and the responsible party ...; (d) ... for the conclusion
or performance of a contract concluded in the interest of the data subject between the
responsible party and a third party; or (e) the transfer is for the benefit of the data
subject, and (i) it is not reasonably practicable to obtain the consent ...; and (ii) if it
were reasonably practicable to obtain such consent, the data subject would be likely to give it."
s72 commenced on 1 July 2020; s114(1) gave one year, to 30 June 2021, to conform.

Grounds as the map expresses them: (a) `za.adequate-law`, `za.binding-agreement`, `za.bcr`
(within a group); (b) `za.consent`; (c) the flow's `necessity: contract-with-subject`
(`za.derogation.contract`); (e) the flow's `necessity: emergency` (`za.derogation.benefit`):
a transfer needed to meet an emergency is the nearest the map comes to one "for the benefit
of the data subject" whose consent cannot practicably be had, and the trace says that the
benefit, the impracticability and the likely consent of (e)(i)-(ii) are the claimant's to
show; (d), a contract in the data subject's interest with a third party, has no necessity of
its own and is declared (`za.derogation.third-party-contract`). POPIA has no public-interest
or legal-claims ground in s72(1): those necessities give no ground here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from xborder.engine.hop import Hop
from xborder.rules.adequacy_model import AdequacyLaw
from xborder.rules.base import RegimeResult, Step, StepKind
from xborder.rules.dated_adequacy import DatedAdequacyRegime

URL = "https://www.justice.gov.za/inforeg/docs/InfoRegSA-POPIA-act2013-004.pdf"
BENEFIT = "za.derogation.benefit"


class ZaPopia(DatedAdequacyRegime):
    id = "ZA-POPIA"
    jurisdiction = "ZA"
    title = "POPIA s72: transfers of personal information outside the Republic"
    in_force_fact = "za.in_force"
    law = AdequacyLaw(
        regime="ZA-POPIA", jurisdiction="ZA", law="POPIA", url=URL,
        territory_fact="za.territory", adequacy_fact="za.adequacy", instruments_fact="za.instruments",
        risk_assessment_fact=None, risk_assessment_id=None, adequacy_id="za.adequacy",
        art_scope_establishment="3(1)", art_scope_targeting=None, art_transfer="72(1)",
        art_adequacy="72(1)(a)", art_safeguards="72(1)", art_derogations="72(1)",
        derogations={
            "contract-with-subject": ("za.derogation.contract", "72(1)(c)"),
            "emergency": (BENEFIT, "72(1)(e)"),
        },
        transfer_rules="s72", no_transfer_source="no transfer to a third party",
        derogation_note="a ground of s72(1) on its own",
    )

    def assess(self, hop: Hop, prepared: Any) -> RegimeResult | None:
        result = super().assess(hop, prepared)
        period = hop.kb.value(self.in_force_fact, hop.as_of)
        until = period.get("grace_until") if isinstance(period, dict) else None
        grace = dt.date.fromisoformat(str(until)) if until else None
        if result is not None and result.applies and BENEFIT in result.one_of:
            # s72(1)(e)'s conditions are not facts of a map: said, not assumed away.
            result.steps.insert(len(result.steps) - 1, Step(
                StepKind.FACT, "s72(1)(e) holds only where the transfer is for the benefit of the data subject, it is "
                "not reasonably practicable to obtain his consent to it and, were it practicable, he would be likely "
                "to give it: the map does not say so, the responsible party answers for it",
                self.law.cite("72(1)(e)")))
        if result is not None and result.applies and grace is not None:
            # s114(1): the year to conform; the rule stands, its enforcement waits.
            result.steps.insert(len(result.steps) - 1, Step(
                StepKind.FACT, f"processing under way on 1 July 2020 must conform to s72 by "
                f"{(grace - dt.timedelta(days=1)).isoformat()} (s114(1))",
                hop.kb.cite(self.in_force_fact, hop.kb.period(self.in_force_fact, hop.as_of))))
        return result
