"""The profile files of the registry's five_ones, swap_chain and stages policies (one per shipped profile): each
holds the whole value as the policy's model takes it, every field cited from the seed or covered by a choice, and
says what its seed says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import tuijin.kernel
from tuijin.kernel.policies import validate_value
from tuijin.registry.policies import POLICIES

PROFILES = Path(tuijin.kernel.__file__).parent / "profiles"
CODES = ["luanchuan-2018", "chuxiong-2015", "dancheng-2021", "qingshui-2021", "huiji-2022"]
NAMES = ["five_ones", "swap_chain", "stages"]


def _file(code: str, name: str) -> dict:
    return yaml.safe_load((PROFILES / code / "registry" / f"{name}.yaml").read_text(encoding="utf-8"))


def _value(code: str, name: str):
    return validate_value(POLICIES[name], _file(code, name)["value"])


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("name", NAMES)
def test_a_file_holds_the_whole_value_and_cites_or_explains_every_field(code, name):
    data = _file(code, name)
    assert set(data) <= {"value", "seed", "choice"}
    model = POLICIES[name]
    validate_value(model, data["value"])
    assert set(data["value"]) == set(model.model_fields)
    seed = data.get("seed") or {}
    assert set(seed) <= set(model.model_fields) and all(words.strip() for words in seed.values())
    if set(model.model_fields) - set(seed):
        assert (data.get("choice") or "").strip()


def test_luanchuan_keeps_the_shipped_defaults():
    for name in NAMES:
        assert _value("luanchuan-2018", name) == POLICIES[name]()


def test_chuxiong_asks_no_push_plan_or_ledger_and_counts_its_three_thirties():
    assert [i.value for i in _value("chuxiong-2015", "five_ones").required_items] == [
        "leader", "responsible_unit", "work_team", "reverse_schedule"]
    groups = _value("chuxiong-2015", "stages").stage_groups
    assert [([s.value for s in g.stages], g.target) for g in groups] == [
        (["under_construction"], 30), (["new_start"], 30), (["preliminary"], 30)]
    assert _value("chuxiong-2015", "swap_chain").steps[-1].value == "office_decision"


def test_only_huiji_has_zhaoshang_projects():
    uses = {code: "investment_promotion" in _value(code, "stages").used_stages for code in CODES}
    assert uses == {code: code == "huiji-2022" for code in CODES}


def test_only_luanchuan_asks_the_peoples_congress():
    ends = {code: _value(code, "swap_chain").steps[-1].value for code in CODES}
    assert ends == {"luanchuan-2018": "congress", "chuxiong-2015": "office_decision",
                    "dancheng-2021": "county_committee", "qingshui-2021": "county_government",
                    "huiji-2022": "leading_group"}
