"""The contract's certification ids `bcr` and `cn-pi-certification` are accepted and count."""

from __future__ import annotations

from xborder import vocabulary
from xborder.datamap import load_map_text
from xborder.engine import assess_map

MAP = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: parent-de, country: DE, certifications: [%s]}
  - {id: sub-in, country: IN, parent: parent-de, certifications: [%s]}
  - {id: shop-cn, country: CN, certifications: [%s]}
datasets:
  - {id: staff, categories: [user.name], subjects: [{residence: DE, kind: employee, count: 100}]}
  - {id: cust, categories: [user.name], subjects: [{residence: CN, count: 200000}], collected_in: CN}
flows:
  - {id: staff-to-in, from: {entity: parent-de}, to: {entity: sub-in}, datasets: [staff], safeguards: [eu.tia]}
  - {id: cust-to-in, from: {entity: shop-cn}, to: {entity: sub-in}, datasets: [cust],
     safeguards: [cn.pipia, cn.notice, cn.separate-consent]}
"""


def statuses(parent: str, sub: str, shop: str) -> dict[str, str]:
    return {f.id: f.status for f in assess_map(load_map_text(MAP % (parent, sub, shop))).flows}


def test_the_contracts_example_certification_ids_are_known() -> None:
    assert {"bcr", "cn-pi-certification"} <= vocabulary.certifications()


def test_bcr_held_by_both_group_members_puts_eu_bcr_in_place() -> None:
    assert statuses("bcr", "bcr", "")["staff-to-in"] == "compliant"
    assert statuses("bcr", "", "")["staff-to-in"] == "action_required"  # the recipient is not bound
    flow = assess_map(load_map_text(MAP % ("bcr", "bcr", ""))).flows[0]
    assert "eu.bcr" in flow.hop.in_place and "GDPR Art 47" in flow.hop.evidence[0]


def test_pi_certification_held_by_the_exporter_puts_cn_certification_in_place() -> None:
    # 200,000 people: 2024 Provisions Art 8, standard contract or certification
    assert statuses("", "", "cn-pi-certification")["cust-to-in"] == "compliant"
    assert statuses("", "", "")["cust-to-in"] == "action_required"
