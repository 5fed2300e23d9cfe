"""The vocabulary registry: one source (docs/ids tables, the knowledge base), picked up without a central list."""

from __future__ import annotations

import jsonschema
import orjson
import yaml

from tests.conftest import ROOT, SHARED
from xborder import vocabulary
from xborder.datamap import load_map
from xborder.datamap.loader import policy_safeguards
from xborder.datamap.schema import map_json_schema
from xborder.engine import assess_map

PAGE = """\
# Ids of a new regime

| id | meaning | article | source |
|---|---|---|---|
| `xx.contract` | A contract | Law Art 1 | https://example.org/law |
| `xx.audit` | Obligation: an audit | Law Art 2 | same |
| `xx.exemption.small` | Exemption taken: few people | Law Art 3 | same |
| `xx.derogation.contract` / `.consent` | derogations | Law Art 4 | same |
| DSP categories (`xx.categories` keys): `a-b` | not a definition | - | - |
"""


def test_a_regime_page_declares_its_ids_by_its_table() -> None:
    terms = {t.id: t for t in vocabulary.parse_id_tables(PAGE, "docs/ids/xx.md")}
    assert {i: t.kind for i, t in terms.items()} == {
        "xx.contract": "instrument", "xx.audit": "obligation", "xx.exemption.small": "exemption",
        "xx.derogation.contract": "instrument", "xx.derogation.consent": "instrument"}
    assert terms["xx.audit"].source == "https://example.org/law"  # "same" resolved
    assert terms["xx.contract"].jurisdiction == "XX" and terms["xx.contract"].article == "Law Art 1"


def test_every_instrument_and_obligation_the_engine_asks_for_can_be_declared() -> None:
    maps = [load_map(p) for p in [*(SHARED / "scenarios").glob("*.yaml"), *(ROOT / "tests" / "scenarios").rglob("*.yaml"),
                                  ROOT / "examples" / "ecommerce.yaml"]]
    asked: set[str] = set()
    for m in maps:
        own = policy_safeguards(m.policies)  # a map's policies define their own org.<policy>.* ids
        for flow in assess_map(m).flows:
            for r in flow.regimes:
                wanted = {*r.one_of, *r.obligations}
                assert {i for i in wanted if i.startswith("org.")} <= own
                asked |= {i for i in wanted if not i.startswith("org.")}
    assert asked and asked <= vocabulary.safeguards()


def test_certifications_and_zones_come_from_the_knowledge_base() -> None:
    assert {"eu-us-dpf", "uk-us-data-bridge", "swiss-us-dpf", "apec-cbpr", "apec-prp"} <= vocabulary.certifications()
    assert "cn-gba" in vocabulary.zones()
    assert vocabulary.is_zone("cn-hainan-ftp") and not vocabulary.is_zone("cn-gbaa")


def test_suggestions_stay_within_reason() -> None:
    pool = vocabulary.safeguards()
    assert vocabulary.suggest("eu.sccs", pool) == "eu.scc"
    assert vocabulary.suggest("EU.SCC", pool) == "eu.scc"
    assert vocabulary.suggest("eu.dpa", pool) is None


def test_the_schema_lists_the_vocabulary_and_rejects_what_the_loader_rejects() -> None:
    schema = map_json_schema()
    defs = schema["$defs"]
    assert defs["Flow"]["properties"]["safeguards"]["items"]["anyOf"][0]["enum"] == sorted(vocabulary.safeguards())
    assert "eu-us-dpf" in defs["Entity"]["properties"]["certifications"]["items"]["enum"]
    assert "DE" in defs["Entity"]["properties"]["country"]["enum"] and "EU" not in defs["Entity"]["properties"]["country"]["enum"]
    data = yaml.safe_load((ROOT / "examples" / "ecommerce.yaml").read_text())
    data["as_of"] = str(data["as_of"])
    jsonschema.validate(data, schema)
    for path, bad in ((("flows", 0, "safeguards"), ["eu.sccs"]), (("entities", 0, "certifications"), ["eu-us-dpff"]),
                      (("policies",), [{"id": "x"}])):
        broken = orjson.loads(orjson.dumps(data))
        node = broken
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = bad
        validator = jsonschema.Draft202012Validator(schema)
        assert list(validator.iter_errors(broken)), path
