"""The JSON Schema of the data map, generated from the Pydantic models (one source of truth)."""

from __future__ import annotations

from typing import Any

from xborder.datamap.models import DataMap


def map_json_schema() -> dict[str, Any]:
    schema = DataMap.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://xborder.dev/schema/datamap-v1.json"
    schema["title"] = "xborder data map (contract v1)"
    return schema
