"""``make documents`` (scripts/make_documents.py) finds its downloads in the merged OpenAPI document: every
.docx and .xlsx operation is found, and every one gets a value for each parameter it needs, so none is left out
of var/documents/ (the fourteen of today: nine workbooks and Word documents of letters, interviews, meetings,
minutes, the attendance bulletin and the ranking notice)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.contract.apps import merged_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import make_documents

VALUES = {"region_code": ["410324"], "meeting_id": ["m"], "month": ["2026-12"], "letter_id": ["l1", "l2", "l3"],
          "interview_id": ["i"], "inspection_id": ["n"], "run_id": ["r"],
          "year": ["2026"]}


def test_every_download_of_the_merged_document_is_found_and_gets_its_parameters():
    found = make_documents.downloads_of(merged_document())
    paths = {p for p, _ in found}
    assert {"/api/v1/projects/export.xlsx", "/api/v1/project-lists/import-template.xlsx",
            "/api/v1/statistics/export.xlsx", "/api/v1/problems/export.xlsx", "/api/v1/meetings/export.xlsx",
            "/api/v1/meetings/{meeting_id}/attendance.xlsx", "/api/v1/decided-items/export.xlsx",
            "/api/v1/scoring-runs/{run_id}/ranking.xlsx", "/api/v1/letters/{letter_id}/document.docx",
            "/api/v1/interviews/{interview_id}/document.docx", "/api/v1/meetings/{meeting_id}/notice.docx",
            "/api/v1/meetings/{meeting_id}/minutes.docx", "/api/v1/attendance/bulletin.docx",
            "/api/v1/scoring-runs/{run_id}/notice.docx"} <= paths
    for path, op in found:
        calls, missing = make_documents.calls_of(path, op, VALUES)
        assert missing == [], path
        assert all("{" not in url for url, _ in calls), path
    calls = dict(found)
    letters, _ = make_documents.calls_of("/api/v1/letters/{letter_id}/document.docx",
                                         calls["/api/v1/letters/{letter_id}/document.docx"], VALUES)
    assert [u for u, _ in letters] == [f"/api/v1/letters/{i}/document.docx" for i in ("l1", "l2", "l3")]
    meetings, _ = make_documents.calls_of("/api/v1/meetings/export.xlsx", calls["/api/v1/meetings/export.xlsx"],
                                          VALUES)
    assert meetings == [("/api/v1/meetings/export.xlsx", {"region_code": "410324", "month": "2026-12"})]
    stats, _ = make_documents.calls_of("/api/v1/statistics/export.xlsx", calls["/api/v1/statistics/export.xlsx"],
                                       VALUES)
    assert stats == [("/api/v1/statistics/export.xlsx", {"region_code": "410324"})]  # its month is a number


def test_an_operation_with_a_parameter_nothing_fills_is_reported_not_skipped_silently():
    op = {"parameters": [{"name": "report_id", "in": "path", "required": True, "schema": {"type": "string"}}]}
    assert make_documents.calls_of("/api/v1/reports/{report_id}/report.docx", op, VALUES)[1] == ["report_id"]
