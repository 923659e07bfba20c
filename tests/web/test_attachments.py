"""Evidence in the console (附件, docs/evidence.md): the office uploads a site photo to a problem; the problem's page
shows its thumbnail (fetched with the in-memory token, not a cookie) and, beside the upload time, when and where the
phone took it, so a photo taken last month is visibly last month's. The page passes axe-core with no serious or
critical violation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.fixtures.photos import jpeg
from tests.web.conftest import serious_violations

pytestmark = pytest.mark.web
REGION = "410324"


def mid_last_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=15)


async def test_a_photo_of_last_month_shows_its_thumbnail_and_the_time_it_was_taken(office, console, tmp_path):
    with console.api() as api:
        problems = api.get("/api/v1/problems", params={"region_code": REGION, "open_only": True,
                                                       "limit": 50}).json()["items"]
    problem = problems[-1]  # an open problem still takes files
    taken = mid_last_month(date.today())
    photo = tmp_path / "桥梁墩柱施工现场.jpg"  # no EXIF offset: the phone's clock in the county (Asia/Shanghai)
    photo.write_bytes(jpeg((1200, 900), taken=f"{taken:%Y:%m:%d} 09:30:00", lat=33.785123, lon=111.598765))

    await office.goto(f"/desk/problems/{problem['id']}")
    await office.get_by_test_id("problem-facts").get_by_text(problem["description"]).wait_for()
    panel = office.get_by_test_id("attachments")
    before = await panel.get_by_test_id("attachment").count()
    await office.locator("#att-file-problem").set_input_files(str(photo))
    await panel.get_by_label("说明").fill("2号墩柱钢筋绑扎完成")
    await panel.get_by_role("button", name="上传", exact=True).click()

    item = panel.get_by_test_id("attachment").filter(has_text="2号墩柱钢筋绑扎完成")
    await item.wait_for()
    assert await panel.get_by_test_id("attachment").count() == before + 1
    thumbnail = item.get_by_test_id("attachment-thumbnail")
    await thumbnail.wait_for()
    assert (await thumbnail.get_attribute("src")).startswith("blob:")  # fetched through the client, token in memory
    assert await thumbnail.evaluate("img => img.complete && img.naturalWidth") == 320  # the 320 px thumbnail decoded
    shown_taken = await item.get_by_test_id("attachment-taken").inner_text()
    assert shown_taken == f"{taken.year}年{taken.month}月{taken.day}日 09:30"
    text = await item.inner_text()
    assert "桥梁墩柱施工现场.jpg" in text and "北纬 33.785123°，东经 111.598765°" in text
    today = date.today()
    assert f"{today.year}年{today.month}月" in text.split("拍摄时间")[0]  # uploaded this month, taken last month
    assert await serious_violations(office) == []

    with console.api() as api:
        stored = api.get(f"/api/v1/problems/{problem['id']}/attachments", params={"limit": 200}).json()["items"]
    ours = [a for a in stored if a["caption"] == "2号墩柱钢筋绑扎完成"]
    assert len(ours) == 1 and ours[0]["taken_at"].startswith(f"{taken:%Y-%m-%d}T01:30:00")  # 09:30 in Shanghai
