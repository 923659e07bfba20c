"""A settings form labels each policy field with the catalogue's ``title``: every field of every policy of the
registry and of the issues service has a Chinese one (the console's UI is Chinese)."""

from __future__ import annotations

import re

import pytest

from tuijin.issues.policies.service import STORE as ISSUES_STORE
from tuijin.kernel.policies import PolicyStore
from tuijin.registry.policies.catalogue import STORE as REGISTRY_STORE

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("store", [REGISTRY_STORE, ISSUES_STORE], ids=["registry", "issues"])
def test_every_policy_field_has_a_chinese_title(store: PolicyStore):
    untitled = [f"{info.name}.{field}" for info in store.catalogue()
                for field, prop in info.json_schema.get("properties", {}).items()
                if not CHINESE.search(str(prop.get("title", "")))]

    assert not untitled, "policy fields without a Chinese title (add them to FIELD_TITLES): " + ", ".join(untitled)
