"""The contract's JSON form, streamed flow by flow so large maps stay in constant memory."""

from __future__ import annotations

from typing import Any, BinaryIO

import orjson

from xborder.engine import Assessment


def write_json(assessment: Assessment, out: BinaryIO, extra: dict[str, Any] | None = None) -> None:
    """`extra`: fields added after the contract's (e.g. `selection`, `breakdown`)."""
    header = {k: v for k, v in assessment.header().items() if k != "summary"}
    out.write(orjson.dumps(header)[:-1])
    out.write(b',"flows":[')
    for i, flow in enumerate(assessment.flows):
        if i:
            out.write(b",")
        out.write(flow.json_bytes())
    out.write(b'],"requests":')
    out.write(orjson.dumps(assessment.requests))
    for key, value in (extra or {}).items():
        out.write(b',"' + key.encode() + b'":' + orjson.dumps(value))
    out.write(b',"summary":' + orjson.dumps(assessment.summary()) + b"}\n")
