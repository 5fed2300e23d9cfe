"""Helpers shared by the regime tests: a one-flow map builder and a result lookup."""

from __future__ import annotations

from xborder.datamap import load_map_text
from xborder.engine import Assessment, assess_map
from xborder.rules.base import RegimeResult


def one_flow(regime: str, *, sender: str, recipient: str, as_of: str = "2026-06-01", residence: str | None = None,
             citizenship: str | None = None, categories: str = "user.name, user.contact.email",
             role: str = "controller", sender_role: str = "controller", certs: str = "", safeguards: str = "",
             necessity: str = "null", recipient_extra: str = "", sender_extra: str = "", count: int = 5000,
             primary_store: str | None = None, recipient_location: str | None = None,
             sender_location: str | None = None, dataset_extra: str = "") -> RegimeResult | None:
    """Assess one flow from `sender` to `recipient` (countries) and return `regime`'s result."""
    residence = residence or sender
    subject = f"{{residence: {residence}, count: {count}" + (f", citizenship: {citizenship}" if citizenship else "") + "}"
    store = f", primary_store: {primary_store}" if primary_store else ""
    text = f"""\
xborder: 1
as_of: {as_of}
entities:
  - {{id: exp, country: {sender}{sender_extra}}}
  - {{id: imp, country: {recipient}, certifications: [{certs}]{recipient_extra}}}
locations:
  - {{id: here, country: {sender_location or sender}}}
  - {{id: there, country: {recipient_location or recipient}}}
datasets:
  - {{id: d, categories: [{categories}], subjects: [{subject}]{store}{dataset_extra}}}
flows:
  - {{id: f, from: {{entity: exp, location: here, role: {sender_role}}}, to: {{entity: imp, location: there, role: {role}}},
     datasets: [d], purpose: essential.service, necessity: {necessity}, safeguards: [{safeguards}]}}
"""
    flow = assess_map(load_map_text(text)).flow("f")
    return next((r for r in flow.regimes if r.regime == regime), None)


def regime_result(assessment: Assessment, flow_id: str, regime: str) -> RegimeResult:
    """One regime's result on one flow of an assessment."""
    return next(r for r in assessment.flow(flow_id).regimes if r.regime == regime)
