"""Conflicts between regimes on the same hop."""

from __future__ import annotations

from xborder.datamap import load_map_text
from xborder.engine import assess_map

# Roaming records a Chinese CIIO generates in the mainland about Russian subscribers: CSL Art 37
# and PIPL Art 40 keep data collected and generated in the mainland there, while 152-FZ Art 18(5)
# wants the primary database of Russian citizens' data in Russia. (Data collected in Russia and
# only processed in China would be neither the CIIO's to localise nor a regulated export:
# 2024 Provisions Art 4.)
RU_DATA_IN_A_CHINESE_CIIO = """\
xborder: 1
as_of: 2026-06-01
entities:
  - {id: telco-cn, country: CN, ciio: true}
  - {id: partner-ru, country: RU}
locations:
  - {id: bj, country: CN}
  - {id: msk, country: RU}
datasets:
  - id: roaming
    categories: [user.name, user.contact.phone_number]
    subjects: [{residence: RU, citizenship: RU, count: 5000}]
    collected_in: CN
    primary_store: bj
flows:
  - {id: back-to-russia, from: {entity: telco-cn, location: bj}, to: {entity: partner-ru, location: msk}, datasets: [roaming]}
"""


def test_two_localization_duties_on_one_hop_conflict() -> None:
    flow = assess_map(load_map_text(RU_DATA_IN_A_CHINESE_CIIO)).flow("back-to-russia")
    kinds = {(c.kind, c.regimes) for c in flow.conflicts}
    assert ("localization-vs-localization", ("CN-PIPL", "RU-152FZ")) in kinds or \
        ("localization-vs-localization", ("RU-152FZ", "CN-PIPL")) in kinds
    assert flow.status == "prohibited"


def test_no_conflict_for_cumulative_instruments() -> None:
    text = RU_DATA_IN_A_CHINESE_CIIO.replace("ciio: true", "ciio: false").replace("primary_store: bj", "primary_store: msk")
    flow = assess_map(load_map_text(text)).flow("back-to-russia")
    assert flow.conflicts == []
