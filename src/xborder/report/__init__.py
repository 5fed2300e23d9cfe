"""Renderers of an assessment: table (Rich), json (the contract), markdown, html, sarif."""

from xborder.report.render import FORMATS, render

__all__ = ["FORMATS", "render"]
