"""The transfer rules of each regime, one module per regime, registered here in one place."""

from __future__ import annotations

from xborder.rules.ae_adgm import AeAdgm
from xborder.rules.ae_difc import AeDifc
from xborder.rules.ae_pdpl import AePdpl
from xborder.rules.ar_pdpl import ArPdpl
from xborder.rules.au_privacy import AuPrivacy
from xborder.rules.base import Regime, RegimeResult, Verdict
from xborder.rules.bn_pdpo import BnPdpo
from xborder.rules.br_lgpd import BrLgpd
from xborder.rules.ca_pipeda import CaPipeda
from xborder.rules.ca_qc import CaQc
from xborder.rules.ch_fadp import ChFadp
from xborder.rules.cl_lpdp import ClLpdp
from xborder.rules.cn_dsl import CnDsl
from xborder.rules.cn_pipl import CnPipl
from xborder.rules.eu_gdpr import EuGdpr
from xborder.rules.hk_pdpo import HkPdpo
from xborder.rules.id_pdp import IdPdp
from xborder.rules.il_ppl import IlPpl
from xborder.rules.in_dpdp import InDpdp
from xborder.rules.in_rbi import InRbi
from xborder.rules.jp_appi import JpAppi
from xborder.rules.ke_dpa import KeDpa
from xborder.rules.kh_pdp import KhPdp
from xborder.rules.kr_pipa import KrPipa
from xborder.rules.la_edp import LaEdp
from xborder.rules.mm_etl import MmEtl
from xborder.rules.mx_lfpdppp import MxLfpdppp
from xborder.rules.my_pdpa import MyPdpa
from xborder.rules.ng_ndpa import NgNdpa
from xborder.rules.nz_privacy import NzPrivacy
from xborder.rules.ph_dpa import PhDpa
from xborder.rules.ru_152fz import Ru152fz
from xborder.rules.sa_pdpl import SaPdpl
from xborder.rules.sg_pdpa import SgPdpa
from xborder.rules.th_pdpa import ThPdpa
from xborder.rules.tw_pdpa import TwPdpa
from xborder.rules.tr_kvkk import TrKvkk
from xborder.rules.uk_gdpr import UkGdpr
from xborder.rules.us_dfars import UsDfars
from xborder.rules.us_dsp import UsDsp
from xborder.rules.us_ear import UsEar
from xborder.rules.us_irs1075 import UsIrs1075
from xborder.rules.us_itar import UsItar
from xborder.rules.us_padfa import UsPadfa
from xborder.rules.vn_pdp import VnPdp
from xborder.rules.za_popia import ZaPopia

REGIMES: tuple[Regime, ...] = (
    EuGdpr(),
    UkGdpr(),
    ChFadp(),
    CnPipl(),
    CnDsl(),
    UsDsp(),
    UsPadfa(),
    UsDfars(),
    UsIrs1075(),
    UsItar(),
    UsEar(),
    JpAppi(),
    KrPipa(),
    SgPdpa(),
    Ru152fz(),
    InDpdp(),
    InRbi(),
    VnPdp(),
    IdPdp(),
    ThPdpa(),
    MyPdpa(),
    PhDpa(),
    BnPdpo(),
    KhPdp(),
    LaEdp(),
    MmEtl(),
    BrLgpd(),
    TrKvkk(),
    SaPdpl(),
    ZaPopia(),
    ArPdpl(),
    CaPipeda(),
    CaQc(),
    AuPrivacy(),
    NgNdpa(),
    KeDpa(),
    NzPrivacy(),
    MxLfpdppp(),
    ClLpdp(),
    IlPpl(),
    HkPdpo(),
    AePdpl(),
    AeDifc(),
    AeAdgm(),
    TwPdpa(),
)

__all__ = ["REGIMES", "Regime", "RegimeResult", "Verdict"]
