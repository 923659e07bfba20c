"""Example bodies and answers of the provincial platform adapter (栾川县 410324), shown in the OpenAPI
document beside the schemas that use them."""

from __future__ import annotations

PROJECT_ID = "0193a5c2-7f10-7c8e-9a51-3d2f0b6e8a41"
NATIONAL_CODE = "2411-410324-48-01-637015"
TYPE_ID = "0193a5c2-80aa-7d01-8b2e-51c0f4d9e702"
MAPPING_ID = "0193a5c2-81b4-7e3a-9c6d-2a7e5f1b0c93"
ENTRY_ID = "0193a5c3-0a21-7f44-8e19-6b3c2d7a9e14"
REPORT_ID = "0193a5c3-1b32-7a55-9f2a-7c4d3e8b0f25"
ITEM = {
    "item_id": "HN-2026-000123",
    "project_code": NATIONAL_CODE,
    "item_code": "HN-HB-01",
    "item_name": "建设项目环境影响评价审批",
    "status": "done",
    "version": 3,
    "document_number": "栾环审〔2026〕12号",
    "document_date": "2026-11-20",
    "department": "洛阳市生态环境局栾川分局",
    "note": "",
    "updated_at": "2026-11-20T09:30:00+08:00",
}
EVENT = {"event_id": "evt-20261120-000871", "item": ITEM}
ENTRY = {
    "id": ENTRY_ID,
    "region_code": "410324",
    "channel": "webhook",
    "event_id": "evt-20261120-000871",
    "item_id": "HN-2026-000123",
    "item_code": "HN-HB-01",
    "national_code": NATIONAL_CODE,
    "version": 3,
    "platform_status": "done",
    "outcome": "applied",
    "reason": "已办结 → 手续状态 done",
    "procedure_id": "0193a5c3-0b10-7c22-8d31-4e5f6a7b8c9d",
    "received_at": "2026-11-20T01:30:02Z",
    "replayed_at": None,
    "replay_entry_id": None,
    "payload": EVENT,
}



CONFIG_IN = {
        "base_url": "https://tzxm.hnzwfw.gov.cn/tuijin",
        "enabled": True,
        "credential_ref": "env:TUIJIN_PROVINCE_410324_TOKEN",
        "webhook_secret_ref": "env:TUIJIN_PROVINCE_410324_WEBHOOK_SECRET",
        "timeout_seconds": 10.0,
        "max_retries": 3,
        "backoff_seconds": 0.5,
        "rate_per_second": 5.0,
        "burst": 10,
        "page_size": 100,
    }
MAPPING = {
    "id": MAPPING_ID,
    "region_code": "410324",
    "item_code": "HN-HB-01",
    "item_name": "建设项目环境影响评价审批",
    "procedure_type_id": TYPE_ID,
    "procedure_code": "eia",
    "procedure_name": "环境影响评价",
}
