"""The data-map loader: strict, every error names file, line and key; nothing half-loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from xborder.datamap import MapError, load_map, load_map_text

GOOD = """\
xborder: 1
name: t
as_of: 2026-06-01
entities:
  - {id: a, country: DE}
  - {id: b, country: "NO"}
locations:
  - {id: l1, country: DE}
datasets:
  - id: d
    categories: [user.name]
    subjects: [{residence: DE, count: 10}]
flows:
  - id: f
    from: {entity: a, location: l1}
    to: {entity: b}
    datasets: [d]
    purpose: analytics
"""


def problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(MapError) as info:
        load_map_text(text, "map.yaml")
    return [(p.line, p.key, p.message) for p in info.value.problems]


def test_good_map_loads_with_yaml_1_2_semantics() -> None:
    m = load_map_text(GOOD)
    assert m.entities[1].country == "NO"  # no "Norway problem": NO stays a string
    assert str(m.as_of) == "2026-06-01"
    assert m.flows[0].from_.location == "l1"


def test_unknown_key_names_line_and_path() -> None:
    bad = GOOD.replace("  - {id: b, country: \"NO\"}", "  - {id: b, country: \"NO\", colour: red}")
    assert problems(bad) == [(6, "entities[1].colour", "unknown key")]


def test_bad_country_code_suggests_the_iso_code() -> None:
    bad = GOOD.replace('country: "NO"', "country: UK")
    with pytest.raises(MapError) as info:
        load_map_text(bad, "map.yaml")
    (p,) = info.value.problems
    assert (p.file, p.line, p.key, p.suggestion) == ("map.yaml", 6, "entities[1].country", "GB")
    assert "map.yaml:6: entities[1].country" in str(p)


@pytest.mark.parametrize("code,suggestion", [("de", "DE"), ("Germany", "DE"), ("DEU", "DE"), ("ZZ", None)])
def test_country_suggestions(code: str, suggestion: str | None) -> None:
    bad = GOOD.replace("{id: a, country: DE}", f"{{id: a, country: {code}}}")
    with pytest.raises(MapError) as info:
        load_map_text(bad)
    assert info.value.problems[0].suggestion == suggestion


def test_dangling_ids_are_all_reported() -> None:
    bad = GOOD.replace("to: {entity: b}", "to: {entity: c}").replace("datasets: [d]", "datasets: [e]")
    found = problems(bad)
    assert (16, "flows[0].to.entity", "no entity with id 'c'") in found
    assert (17, "flows[0].datasets[0]", "no dataset with id 'e'") in found


def test_duplicate_ids() -> None:
    bad = GOOD.replace('{id: b, country: "NO"}', "{id: a, country: FR}")
    assert (6, "entities[1].id", "duplicate id 'a' in entities") in problems(bad)


def test_duplicate_yaml_key_names_both_lines() -> None:
    bad = GOOD.replace("    purpose: analytics\n", "    purpose: analytics\n    purpose: marketing\n")
    ((line, _, message),) = problems(bad)
    assert line == 19 and "duplicate key" in message and "line 18" in message


def test_malformed_yaml() -> None:
    ((line, key, message),) = problems("xborder: 1\nflows: [\n")
    assert line is not None and "malformed YAML" in message


def test_unknown_category_use_and_subject_suggest_close_names() -> None:
    bad = GOOD.replace("[user.name]", "[user.contact.emial]").replace("purpose: analytics", "purpose: analytic")
    bad = bad.replace("count: 10", "count: 10, kind: custmer")
    with pytest.raises(MapError) as info:
        load_map_text(bad)
    suggestions = {p.key: p.suggestion for p in info.value.problems}
    assert suggestions == {
        "datasets[0].categories[0]": "user.contact.email",
        "datasets[0].subjects[0].kind": "customer",
        "flows[0].purpose": "analytics",
    }


def test_version_and_types() -> None:
    assert problems(GOOD.replace("xborder: 1", "xborder: 2"))[0][1] == "xborder"
    assert problems(GOOD.replace("count: 10", "count: -1"))[0][1] == "datasets[0].subjects[0].count"
    assert problems("- just\n- a list\n")[0][2].startswith("a data map is a mapping")


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "xborder: 1\na: &a [x,x,x,x,x,x,x,x,x,x]\n"
    for level in "bcdefghij":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [" + ",".join([f"*{prev}"] * 10) + "]\n"
    with pytest.raises(MapError) as info:
        load_map_text(bomb)
    assert "alias" in str(info.value).lower()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MapError) as info:
        load_map(tmp_path / "nope.yaml")
    assert "no such file" in str(info.value)


def test_json_maps_load_too(tmp_path: Path) -> None:
    import json

    import yaml

    path = tmp_path / "map.json"
    path.write_text(json.dumps(yaml.safe_load(GOOD), default=str))
    assert load_map(path).flows[0].id == "f"


def test_scenario_expect_block_is_ignored_by_assess() -> None:
    m = load_map_text(GOOD + "expect:\n  flows: {f: {status: compliant}}\n")
    assert m.expect == {"flows": {"f": {"status": "compliant"}}}
