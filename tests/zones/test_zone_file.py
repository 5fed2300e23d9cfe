"""A regulator's zone file in the map (`policies:` kind zone): checked like the rest of the map."""

from __future__ import annotations

import pytest

from tests.zones.conftest import EXAMPLE_LIST, people, zone_map
from xborder.datamap import MapError, load_map_text


def _problems(policy: dict, **kw: object) -> str:
    with pytest.raises(MapError) as err:
        load_map_text(zone_map([people(10, "user.name", **kw)], policies=[policy]), "zone.yaml")
    return str(err.value)


def test_the_example_file_loads_with_its_kind() -> None:
    m = load_map_text(zone_map([people(10, "user.name")]))
    assert m.policies[0].kind == "zone" and m.policies[0].zone == "example-ftz"


def test_an_unknown_category_names_its_key() -> None:
    bad = {**EXAMPLE_LIST, "negative": [{"id": None, "scenarios": [{"id": None, "categories": [
        {"name": "x", "categories": ["user.helth"]}]}]}]}
    out = _problems(bad)
    assert "zone.yaml" in out and "policies[0].negative[0].scenarios[0].categories[0].categories[0]" in out
    assert "unknown data category 'user.helth'" in out


def test_an_entry_that_could_match_no_data_is_refused() -> None:
    bad = {**EXAMPLE_LIST, "negative": [{"id": None, "scenarios": [{"id": None, "categories": [{"name": "未映射的数据"}]}]}]}
    assert "names no taxonomy `categories:` and is not in the mapping" in _problems(bad)


def test_a_zone_file_needs_a_date_and_a_known_zone_shape() -> None:
    undated = {k: v for k, v in EXAMPLE_LIST.items() if k != "published"}
    assert "from when it applies" in _problems(undated)
    assert "unknown zone id 'tianjin'" in _problems({**EXAMPLE_LIST, "zone": "tianjin"})


def test_the_sectors_a_zone_file_defines_are_known_to_its_map() -> None:
    own = {**EXAMPLE_LIST, "scope": "scenario", "negative": [{"id": "deep-sea", "scenarios": [
        {"id": "survey", "categories": [{"name": "x", "categories": ["user.name"]}]}]}]}
    m = load_map_text(zone_map([people(10, "user.name", sector="deep-sea", scenario="survey")], policies=[own]))
    assert m.datasets[0].sector == "deep-sea"
    assert "unknown sector id 'deep-sea'" in _problems(EXAMPLE_LIST, sector="deep-sea")


def test_an_unknown_policy_kind_lists_the_kinds() -> None:
    assert "'zones' is not one of: tiers, zone" in _problems({**EXAMPLE_LIST, "kind": "zones"})
