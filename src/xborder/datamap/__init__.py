"""The data map: contract v1 models, the strict loader and the JSON Schema."""

from xborder.datamap.errors import MapError, MapProblem
from xborder.datamap.loader import load_map, load_map_text
from xborder.datamap.models import DataMap, Dataset, Entity, Flow, Location, Request

__all__ = [
    "DataMap", "Dataset", "Entity", "Flow", "Location", "MapError", "MapProblem", "Request",
    "load_map", "load_map_text",
]
