"""The shipped region profiles (issue 19): five, one per seed county; each sets every policy of every service's
catalogue but ``documents`` (a policy added later without its five files fails here); every file holds the whole
value of its policy, valid for the policy's model, each field either cited from the seed or covered by our choice
(:func:`tuijin.kernel.profiles.check_part`); and where the code already carries a seed's rule as a preset, the
profile says the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tuijin.issues.policies.service import STORE as ISSUES
from tuijin.kernel import profiles
from tuijin.meetings.duties.policies import STORE as MEETINGS
from tuijin.meetings.duties.values import SEED_PRESETS
from tuijin.registry.policies import QUARTERLY_REPORT_PRESETS, REPORT_DUE_PRESETS
from tuijin.registry.policies import STORE as REGISTRY

STORES = {"registry": REGISTRY, "issues": ISSUES, "meetings": MEETINGS}
SHIPPED = {"luanchuan-2018": ("000", 2018), "chuxiong-2015": ("001", 2015), "dancheng-2021": ("002", 2021),
           "qingshui-2021": ("003", 2021), "huiji-2022": ("004", 2022)}


def test_the_five_seed_counties_are_shipped_each_in_a_directory_of_its_code():
    metas = profiles.catalogue()
    assert [m.code for m in metas] == sorted(SHIPPED)
    for meta in metas:
        seed, year = SHIPPED[meta.code]
        assert (meta.seed[:3], meta.year, meta.version) == (seed, year, 1)
        assert profiles.load_meta(meta.code) == meta
        assert (profiles.ROOT / meta.code / "profile.yaml").is_file()


def test_the_services_know_every_policy_a_profile_directory_names():
    """Every service folder of a profile is one whose policies a profile sets (or scoring's schemes)."""
    for code in SHIPPED:
        folders = {p.name for p in (profiles.ROOT / code).iterdir() if p.is_dir()}
        assert folders <= {*profiles.POLICY_SERVICES, "scoring"}, code


@pytest.mark.parametrize("service", profiles.POLICY_SERVICES)
def test_every_profile_sets_every_policy_of_the_service_but_documents(service):
    """So that a region that takes a profile runs wholly as that county: a policy missing from a profile would keep
    whatever the region had. ``documents`` (the letterhead) comes from the region's own name, never a profile."""
    wanted = set(STORES[service].policies) - profiles.EXCLUDED_POLICIES
    assert "documents" not in wanted
    missing = {code: sorted(wanted - set(profiles.load_part(code, service))) for code in SHIPPED}
    assert {c: m for c, m in missing.items() if m} == {}, f"{service}: policies without their profile file"


@pytest.mark.parametrize("service", profiles.POLICY_SERVICES)
def test_every_policy_file_passes_the_check_of_its_services_models(service):
    problems = {code: profiles.check_part(STORES[service], profiles.load_part(code, service)) for code in SHIPPED}
    assert {c: p for c, p in problems.items() if p} == {}


def test_the_profiles_say_what_the_seed_presets_in_the_code_say():
    """The report rules of 栾川 (每月22日前), 楚雄 (每月8日前报上月, 12日前核实) and 惠济 (每周五18:00前), 楚雄's
    quarterly written reports and the duty rules of 清水, 惠济, 郸城 and 楚雄 are the presets the code carries."""
    def value(code: str, service: str, name: str) -> dict:
        return profiles.values_of(STORES[service], profiles.load_part(code, service))[name]

    for county, preset in REPORT_DUE_PRESETS.items():
        code = next(c for c in SHIPPED if c.startswith(county))
        assert value(code, "registry", "report_due") == preset.model_dump(mode="json"), county
    for county, preset in QUARTERLY_REPORT_PRESETS.items():
        assert value(f"{county}-2015", "registry", "quarterly_reports") == preset.model_dump(mode="json")
    for county, preset in SEED_PRESETS.items():
        code = next(c for c in SHIPPED if c.startswith(county))
        assert value(code, "meetings", "duties") == preset.model_dump(mode="json"), county
    others = [c for c in SHIPPED if not c.startswith(tuple(QUARTERLY_REPORT_PRESETS))]
    assert all(value(c, "registry", "quarterly_reports")["required"] is False for c in others)


def _part(tmp_path: Path, files: dict[str, dict]) -> dict[str, profiles.PolicyFile]:
    folder = tmp_path / "x-2000"
    (folder / "registry").mkdir(parents=True)
    (folder / "profile.yaml").write_text(yaml.safe_dump({
        "code": "x-2000", "name": "某县", "seed": "x.txt", "year": 2000, "version": 1, "summary": "测试"}))
    for name, doc in files.items():
        (folder / "registry" / f"{name}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return profiles.load_part("x-2000", "registry", root=tmp_path)


def test_the_check_names_every_fault_of_a_file(tmp_path):
    whole = {"city_key_total": "5000", "city_major_total": "10000", "provincial_major_total": "100000",
             "provincial_major_year": "20000"}
    part = _part(tmp_path, {
        "tiers": {"value": {**whole, "city_key_totl": "1"}, "choice": "ours"},  # a misspelt field
        "node_plan": {"value": {}, "choice": "ours"},  # a field left out
        "energy_review": {"value": {"province_min_tce": "5000", "city_min_tce": "1000"},
                          "seed": {"province_min_tce": "5000吨"}},  # a field neither cited nor chosen
        "swap_tolerance": {"value": {"total_ratio": "0.3", "year_plan_ratio": None}, "choice": "ours",
                           "seed": {"ratio": "相当"}},  # the seed names a field the policy has not
        "documents": {"value": {}, "choice": "ours"},  # never in a profile
        "no_such_policy": {"value": {}, "choice": "ours"},
    })
    problems = profiles.check_part(REGISTRY, part)
    assert problems == [
        "documents: not a policy a profile sets",
        "energy_review: no choice says why city_min_tce (not from the seed) have their values",
        "no_such_policy: not a policy a profile sets",
        "node_plan: value does not list planned_on_working_day",
        "swap_tolerance: seed names fields the policy has not: ratio",
        "tiers: body.city_key_totl 不是此项设置的字段",
    ]
    good = _part(tmp_path / "good", {"tiers": {"value": whole, "seed": dict.fromkeys(whole, "5000万元以上")}})
    assert profiles.check_part(REGISTRY, good) == []


def test_the_loaders_read_another_root_and_refuse_an_unknown_code(tmp_path):
    _part(tmp_path, {})
    assert [m.code for m in profiles.catalogue(tmp_path)] == ["x-2000"]
    assert profiles.load_schemes("x-2000", root=tmp_path) is None
    assert profiles.exists("x-2000", tmp_path) and not profiles.exists("x-2000")
    for code in ("nowhere-1999", "../x-2000", "X-2000"):
        with pytest.raises(profiles.ProfileNotFound):
            profiles.load_meta(code, root=tmp_path)
