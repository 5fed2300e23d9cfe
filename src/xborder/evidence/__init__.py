"""Government and law-enforcement access requests: who compels, what blocks, which channels.

`assess_requests(datamap, as_of, kb)` returns one dict per `requests:` entry of the map (the
`requests` array of the JSON assessment, contract §2). See `planner.py` for the fields,
`compulsion.py`, `blocking.py` and `channels.py` for the law each step encodes.
"""

from xborder.evidence.planner import assess_request, assess_requests

__all__ = ["assess_request", "assess_requests"]
