"""The transfer rules of each regime, one module per regime, registered here in one place."""

from __future__ import annotations

from xborder.rules.base import Regime, RegimeResult, Verdict
from xborder.rules.ch_fadp import ChFadp
from xborder.rules.eu_gdpr import EuGdpr
from xborder.rules.uk_gdpr import UkGdpr

REGIMES: tuple[Regime, ...] = (
    EuGdpr(),
    UkGdpr(),
    ChFadp(),
)

__all__ = ["REGIMES", "Regime", "RegimeResult", "Verdict"]
