"""AE-ADGM: transfers out of the Abu Dhabi Global Market, ADGM Data Protection Regulations.

Data Protection Regulations 2021 (for every establishment from 14 February 2022), s41(1): "A
transfer of Personal Data outside of ADGM or to an International Organisation may take place
where the Commissioner of Data Protection has decided that the receiving jurisdiction, one or
more specified sectors within that jurisdiction, or the International Organisation in
question ensures an adequate level of protection of Personal Data. Such a transfer will not
require any specific authorisation." s42: appropriate safeguards (standard clauses, binding
corporate rules); s43: derogations for specific situations. Before, the Data Protection
Regulations 2015 s5: without an adequate level, a transfer only on (a) a permit of the
Registration Authority with adequate safeguards, (b) written consent, (c)-(d) a contract with
or in the interest of the data subject, (e) the legally binding agreement set out in the
Schedules, (f) a group's global data protection compliance policy. An ADGM entity or site
has the zone `ae-adgm`.
"""

from __future__ import annotations

from xborder.rules.area_transfer import AreaTransferRegime


class AeAdgm(AreaTransferRegime):
    id = "AE-ADGM"
    jurisdiction = "AE"
    title = "ADGM Data Protection Regulations ss41-43: transfers out of the ADGM"
    COUNTRY = "AE"
    ZONE = "ae-adgm"
    RULES = "ae.adgm_rules"
    ADEQUACY = "ae.adgm_adequacy"
    AREA = "the ADGM"
