"""The transfer rules of each regime, one module per regime, registered here in one place."""

from __future__ import annotations

from xborder.rules.base import Regime, RegimeResult, Verdict
from xborder.rules.eu_gdpr import EuGdpr

REGIMES: tuple[Regime, ...] = (
    EuGdpr(),
)

__all__ = ["REGIMES", "Regime", "RegimeResult", "Verdict"]
