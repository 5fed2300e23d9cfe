"""IL-PPL: transfer of data to databases abroad, Privacy Protection (Transfer of Data to
Databases Abroad) Regulations 5761-2001, regs 1-3 (under the Privacy Protection Law 5741-1981).

Reg 1: "a person shall not transfer data, nor allow its transfer, from a database in Israel
abroad, unless the law of the country to which it is transferred ensures a level of
protection of data not lower, mutatis mutandis, than the level of protection under Israeli
law" (lawful and fair collection; use for its purpose only; accuracy; access and correction;
security). Reg 2: notwithstanding reg 1, the database owner may transfer where (1) the data
subject consented; (2) consent cannot be obtained and the transfer is vital to protect his
health or bodily integrity; (3) the recipient is a corporation the owner controls, which
ensured privacy after the transfer; (4) the recipient undertook by agreement with the owner
to comply with the conditions applying to a database in Israel, mutatis mutandis; (5) the
data was made public or opened to public inspection by lawful authority; (6) the transfer is
vital to public safety or security; (7) it is required by Israeli law; (8) the data goes to a
database in a country (a) party to the European Convention on automatic processing of data
[Convention 108], (b) "receiving data from the member states of the European Community, under
the same terms of acceptance", or (c) named in the Registrar's notice in Reshumot. Reg 3: the
owner ensures, by the recipient's written undertaking, that it takes sufficient measures to
protect privacy and does not pass the data on to any other person, in that country or another.
(Text read in the Ministry of Justice's Hebrew version; see il.transfer_rules.) The flow's
necessity claims reg 2(2) (`emergency`), 2(6) (`public-interest`, with the narrower words said
in the trace) and 2(7) (`statutory-duty`). The 2023 Regulations on data received from the EEA add
duties to the Israeli database (reported in the trace, not transfer conditions).
"""

from __future__ import annotations

from collections.abc import Hashable

from xborder.engine.hop import Hop
from xborder.rules.area_transfer import AreaTransferRegime
from xborder.rules.base import Reasoning

EEA_DATA = "il.eea_regulations"
# What reg 2(6) and 2(7) ask beyond the necessity a flow claims for them.
NARROWER = {
    "public-interest": "reg 2(6) serves a transfer vital to protect public safety or security, not any public "
                       "interest: the database owner answers for that",
    "statutory-duty": "reg 2(7) serves a transfer required by the law in Israel; a duty under a foreign law is not one",
}


class IlPpl(AreaTransferRegime):
    id = "IL-PPL"
    jurisdiction = "IL"
    title = "Transfer Regulations 2001 regs 1-3: transfer of data to databases abroad"
    COUNTRY = "IL"
    RULES = "il.transfer_rules"
    ADEQUACY = "eu.eea"  # reg 2(8)(b): countries receiving data from the EU member states on the same terms
    AREA = "Israel"

    def from_eea(self, hop: Hop) -> tuple[str, ...]:
        """The EEA countries the data came from, while the 2023 Regulations are in force."""
        kb = hop.kb
        if kb.value(EEA_DATA, hop.as_of) is None:
            return ()
        return tuple(sorted((hop.origin_countries | hop.upstream_countries) & kb.members("eu.eea", hop.as_of)))

    def extra_key(self, hop: Hop) -> Hashable:
        return self.from_eea(hop)  # the necessity, read by extra_facts too, is already in the cache key

    def extra_facts(self, hop: Hop, r: Reasoning) -> None:
        """Data that came from the EEA keeps the 2023 Regulations' duties in the Israeli database."""
        kb = hop.kb
        caveat = NARROWER.get(hop.flow.necessity or "")
        if caveat:  # the map's necessity is wider than the regulation's words: say what it asks
            r.fact(caveat, kb.cite(self.RULES, kb.period(self.RULES, hop.as_of)))
        from_eea = self.from_eea(hop)
        if from_eea:
            r.fact(f"the data came from the EEA ({', '.join(from_eea)}): the 2023 Regulations bind the Israeli "
                   f"database for {kb.value(EEA_DATA, hop.as_of)} (deletion, accuracy, notice); they set no condition "
                   "on this transfer", kb.cite(EEA_DATA, kb.period(EEA_DATA, hop.as_of)))
