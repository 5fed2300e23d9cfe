"""The assessment engine: hops, routes, regimes, composition, conflicts.

The public names are loaded on first use (PEP 562), so that rule modules can import
`xborder.engine.hop` without pulling in the engine, which imports the rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xborder.engine.assess import Assessment, FlowAssessment, Status, assess_map, build_hops, flow_status

__all__ = ["Assessment", "FlowAssessment", "Status", "assess_map", "build_hops", "flow_status"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("xborder.engine.assess"), name)
    raise AttributeError(f"module 'xborder.engine' has no attribute {name!r}")
