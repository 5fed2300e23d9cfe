"""The transfer-event schema: the columns an audited log has, and how each is read.

One row per transfer of one person's data on one hop (an exporter sending a record about
a data subject to an importer). The subject is a pseudonymous key the exporter derives with
a per-organisation salt (e.g. HMAC-SHA-256 of its customer id): the audit counts distinct
keys and never needs, nor prints, who they are.

Lists (datasets, categories, safeguards) are written as one string of ids separated by
commas in every format (a Parquet or JSON list of strings is accepted too), so the same
log reads the same from CSV, JSON Lines and Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    kind: str  # timestamp | id | ids | key
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("time", True, "timestamp", "When the transfer ran: ISO 8601 timestamp (UTC when no offset is given) or "
           "date; the law is applied as of its UTC day"),
    Column("exporter", True, "id", "Entity id (of the data map) that sent the data"),
    Column("importer", True, "id", "Entity id (of the data map) that received it"),
    Column("subject", True, "key", "Pseudonymous key of the data subject, hashed by the exporter with a "
           "per-organisation salt; distinct keys are distinct people"),
    Column("dataset", False, "ids", "Dataset id(s) of the data map carried, comma-separated; required unless "
           "`flow` or `categories` gives the data"),
    Column("categories", False, "ids", "Data categories (fideslang keys), comma-separated, for data the map "
           "has no dataset for"),
    Column("from_location", False, "id", "Location id the data left from (default: the flow's, else the "
           "exporter's country)"),
    Column("to_location", False, "id", "Location id it went to (default: the flow's, else the importer's country)"),
    Column("flow", False, "id", "Flow id of the data map this transfer ran under: supplies the purpose, "
           "necessity, transaction and the defaults of the columns left empty"),
    Column("safeguards", False, "ids", "Instrument and obligation ids in place for this transfer, "
           "comma-separated; empty or absent: the flow's declared safeguards (none without a flow)"),
    Column("event_id", False, "key", "The log's own id of the event, carried into the outputs"),
)

BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
OPTIONAL = tuple(c.name for c in COLUMNS if not c.required)
SHAPE_COLUMNS = ("exporter", "importer", "from_location", "to_location", "dataset", "categories", "flow",
                 "safeguards")


class EventSchemaError(ValueError):
    """The event log cannot be audited; the message names the file and the column."""


def json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one event, as a JSON Lines row."""
    kinds: dict[str, dict[str, Any]] = {
        "timestamp": {"type": "string", "format": "date-time"},
        "id": {"type": "string", "pattern": "^[a-z0-9._-]+$"},
        "ids": {"oneOf": [{"type": "string", "pattern": "^([a-z0-9._-]+(\\s*,\\s*[a-z0-9._-]+)*)?$"},
                          {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9._-]+$"}}]},
        "key": {"type": ["string", "integer"], "minLength": 1},
    }
    props = {}
    for c in COLUMNS:
        spec = dict(kinds[c.kind])
        if not c.required:
            spec = {"oneOf": [spec, {"type": "null"}]} if "oneOf" not in spec else \
                {"oneOf": [*spec["oneOf"], {"type": "null"}]}
        props[c.name] = {**spec, "description": c.description}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://xborder.dev/schema/audit-event-v1.schema.json",
        "title": "xborder transfer event v1",
        "description": "One transfer of one data subject's data on one hop, as `xborder audit` reads it "
                       "(a JSON Lines row; the same columns in CSV and Parquet).",
        "type": "object",
        "required": list(REQUIRED),
        "anyOf": [{"required": ["dataset"]}, {"required": ["flow"]}, {"required": ["categories"]}],
        "properties": props,
        "additionalProperties": True,
    }
