"""The ranking notice (通报) in the official-document format of GB/T 9704: issuer, 字号, the title with the
period in words, the ranking as a table, praise and criticism in sentences, the Chinese date, the 版记."""

from __future__ import annotations

from tests.fixtures import official_docx as official
from tests.scoring.conftest import PROGRESS, REGION

ISSUER = "栾川县重点项目建设领导小组办公室"


async def _published(desk, period: str = "2026-Q3") -> dict:
    desk.at("2026-07-05")
    for code, done in (("A", "500"), ("B", "300"), ("C", "400")):
        pid = await desk.project(code)
        await desk.report(pid, "2026-07", done)
    desk.at("2026-10-10")
    resp = await desk.client.post("/api/v1/scoring-schemes", headers=desk.office, json={
        "region_code": REGION, "code": "composite", "name": "重点项目综合排名", "subject_kind": "project",
        "period_kind": "quarter", "version": {"dimensions": [{**PROGRESS, "weight": "100"}], "praise_size": 1,
                                              "criticism_size": 1}})
    assert resp.status_code == 201, resp.text
    return await desk.run(resp.json(), period)


async def test_the_notice_of_a_published_ranking_is_an_official_document(desk):
    run = await _published(desk)
    url = f"/api/v1/scoring-runs/{run['id']}/notice.docx"
    assert (await desk.client.get(url, headers=desk.office)).status_code == 409  # a draft has no notice
    await desk.publish(run)
    resp = await desk.client.get(url, headers=desk.viewer)
    assert resp.status_code == 200, resp.text
    doc = official.assert_official_format(resp.content)
    official.assert_red_header(doc, f"{ISSUER}文件", "栾重项办评〔2026〕1号")
    official.assert_title(doc, "关于2026年第三季度重点项目综合排名情况的通报")
    assert official.paragraph(doc, "各乡（镇）人民政府、县直各有关单位：")
    ranking = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert ranking == [["名次", "名称", "实施进度", "总分"], ["1", "项目A", "50.00", "50.00"],
                       ["2", "项目C", "40.00", "40.00"], ["3", "项目B", "30.00", "30.00"]]
    praise = official.paragraph(doc, "予以通报表扬").text
    criticism = official.paragraph(doc, "予以通报批评").text
    assert "项目A" in praise and "项目B" not in praise
    assert "项目B" in criticism and "项目A" not in criticism
    assert praise.startswith("2026年第三季度综合排名前1位的项目A")
    assert [p.text for p in doc.paragraphs if p.runs and official.east_asia(p.runs[0]) == "黑体"] == [
        "一、综合排名", "二、通报表扬", "三、通报批评"]
    text = official.all_text(doc)
    assert "2026-Q3" not in text and "Heading" not in {p.style.name for p in doc.paragraphs}
    official.assert_signed(doc, ISSUER, "2026年10月10日")
    official.assert_imprint(doc, ISSUER, "2026年10月10日", ["栾川县委办公室", "栾川县人民政府办公室"])


async def test_a_notice_keeps_its_number_when_downloaded_again(desk):
    run = await _published(desk)
    await desk.publish(run)
    url = f"/api/v1/scoring-runs/{run['id']}/notice.docx"
    for _ in range(2):
        doc = official.read((await desk.client.get(url, headers=desk.office)).content)
        official.assert_red_header(doc, f"{ISSUER}文件", "栾重项办评〔2026〕1号")
