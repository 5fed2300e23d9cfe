"""The JSON Schema of the data map, generated from the Pydantic models (one source of truth).

The allowed ids (safeguards, certifications, zones, dataset controls, data categories, uses and subjects,
countries) are written in as enums from the same registry the loader checks against
(`xborder.vocabulary`), so an editor completes them and the schema cannot drift from it.
"""

from __future__ import annotations

from typing import Any

from xborder import taxonomy, vocabulary
from xborder.datamap.countries import country_codes
from xborder.datamap.models import DataMap


def _enum(prop: dict[str, Any], values: frozenset[str] | set[str], *, pattern: str | None = None) -> None:
    """Restrict a string property (plain, nullable or an array of strings) to `values`."""
    allowed: dict[str, Any] = {"type": "string", "enum": sorted(values)}
    if pattern:
        allowed = {"anyOf": [allowed, {"type": "string", "pattern": pattern}]}
    if prop.get("type") == "array":
        prop["items"] = allowed
    elif "anyOf" in prop:
        prop["anyOf"] = [allowed if branch.get("type") == "string" else branch for branch in prop["anyOf"]]
    else:
        prop.pop("type", None)
        prop.update(allowed)


def map_json_schema() -> dict[str, Any]:
    schema = DataMap.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://xborder.dev/schema/datamap-v1.json"
    schema["title"] = "xborder data map (contract v1)"
    defs = schema["$defs"]
    countries = country_codes()
    zone_pattern = vocabulary.FREE_TRADE_ZONE.pattern
    for model, prop in (("Entity", "country"), ("Location", "country"), ("Subjects", "residence"),
                        ("Subjects", "citizenship"), ("Dataset", "collected_in"), ("Authority", "country")):
        _enum(defs[model]["properties"][prop], countries)
    _enum(defs["Entity"]["properties"]["certifications"], vocabulary.certifications())
    _enum(defs["Entity"]["properties"]["zone"], vocabulary.zones(), pattern=zone_pattern)
    _enum(defs["Location"]["properties"]["zone"], vocabulary.zones(), pattern=zone_pattern)
    # An organisation's own ids (`org.<policy>.*`) are defined by the map's policies.
    own = r"^org\.[a-z0-9._-]+$"
    _enum(defs["Flow"]["properties"]["safeguards"], vocabulary.safeguards(), pattern=own)
    _enum(defs["Filing"]["properties"]["mechanism"], vocabulary.safeguards(), pattern=own)
    for model in ("Dataset", "Flow"):
        for prop, known in (("sector", vocabulary.sectors()), ("scenario", vocabulary.scenarios())):
            if known:
                _enum(defs[model]["properties"][prop], known)
    _enum(defs["Flow"]["properties"]["purpose"], set(taxonomy.data_uses().entries))
    _enum(defs["Dataset"]["properties"]["categories"], set(taxonomy.data_categories().entries))
    _enum(defs["Dataset"]["properties"]["controls"], vocabulary.controls())
    _enum(defs["Subjects"]["properties"]["kind"], set(taxonomy.data_subjects().entries))
    for country_list in (defs["TierPolicy"]["properties"]["from_countries"], defs["Deny"]["properties"]["to"],
                         defs["Deny"]["properties"]["except_to"]):
        _enum(country_list, countries)
    return schema
