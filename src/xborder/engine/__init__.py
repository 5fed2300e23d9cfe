"""The assessment engine: hops, routes, regimes, composition, conflicts."""

from xborder.engine.assess import Assessment, FlowAssessment, Status, assess_map, build_hops, flow_status

__all__ = ["Assessment", "FlowAssessment", "Status", "assess_map", "build_hops", "flow_status"]
