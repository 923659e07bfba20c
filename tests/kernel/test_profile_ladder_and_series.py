"""The five profiles' ladders (issues ``ladder``) and meeting series (meetings ``meeting_series``): each file holds the
whole value its policy model takes, every field cited from the seed or covered by the choice, and every citation
is the seed's own words (issue 19: each value cited from its seed, each other value marked our choice)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from tuijin.issues.policies.values import LadderPolicy
from tuijin.meetings.scheduling.templates import MeetingSeriesPolicy

ROOT = Path(__file__).resolve().parents[2] / "libs/kernel/src/tuijin/kernel/profiles"
# the five government documents, beside the checkout (../shared/seeds of the main checkout); TUIJIN_SEEDS moves them
SEEDS = Path(os.environ.get("TUIJIN_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
PROFILES = {"luanchuan-2018": "000", "chuxiong-2015": "001", "dancheng-2021": "002", "qingshui-2021": "003",
            "huiji-2022": "004"}
FILES = [("issues/ladder.yaml", LadderPolicy), ("meetings/meeting_series.yaml", MeetingSeriesPolicy)]
CASES = [(p, f, m) for p in PROFILES for f, m in FILES]


def _load(profile: str, name: str) -> dict:
    return yaml.safe_load((ROOT / profile / name).read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    """Text without blanks and with the seeds' two comma and bracket forms made one."""
    table = str.maketrans({"，": ",", "（": "(", "）": ")", "：": ":", "；": ";"})
    return re.sub(r"\s+", "", text).translate(table)


@pytest.mark.parametrize(("profile", "name", "model"), CASES, ids=[f"{p}:{f}" for p, f, _ in CASES])
def test_the_file_is_the_whole_policy_value_and_every_field_is_cited_or_chosen(profile, name, model):
    data = _load(profile, name)
    value = model.model_validate(data["value"])
    assert value.model_dump(mode="json") == data["value"], "the value must be the model's whole JSON dump"
    assert set(data["seed"]) <= set(model.model_fields)
    if set(data["seed"]) != set(model.model_fields):
        assert "our choice" in data.get("choice", "")


@pytest.mark.parametrize(("profile", "name", "model"), CASES, ids=[f"{p}:{f}" for p, f, _ in CASES])
def test_every_citation_is_the_seeds_own_words(profile, name, model):
    seed_file = next(SEEDS.glob(f"{PROFILES[profile]}_*.txt"), None)
    if seed_file is None:
        pytest.skip("the seeds are not on this machine")
    seed = _plain(seed_file.read_text(encoding="utf-8"))
    for field, quote in _load(profile, name)["seed"].items():
        for part in quote.split(" / "):
            words = re.sub(r"^\[[^\]]*\]\s*", "", part)
            for piece in words.split("……"):
                assert _plain(piece) in seed, f"{profile} {name} {field}: not in the seed: {piece}"


def test_chuxiong_and_dancheng_skip_the_levels_their_documents_do_not_have():
    chuxiong = LadderPolicy.model_validate(_load("chuxiong-2015", "issues/ladder.yaml")["value"])
    assert [(r.level, r.name) for r in chuxiong.levels] == [
        ("team", "责任部门协调"), ("county_meeting", "州重点办协调会"), ("leadership", "州人民政府")]
    assert chuxiong.next_level("team") == "county_meeting"
    huiji = LadderPolicy.model_validate(_load("huiji-2022", "issues/ladder.yaml")["value"])
    assert (huiji.answer_working_days, huiji.documents_working_days) == (3, 1)
    assert chuxiong.answer_working_days == 4
    dancheng = MeetingSeriesPolicy.model_validate(_load("dancheng-2021", "meetings/meeting_series.yaml")["value"])
    dispatch = dancheng.template("dispatch")
    assert dispatch is not None and (dispatch.rrule, dispatch.submission_lead_days) == ("FREQ=MONTHLY;BYDAY=1MO", 7)
    assert dancheng.meeting_for("county_meeting") == "county_meeting"
