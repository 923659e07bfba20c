"""Chinese for people: every problem carries ``message``, a zh-CN sentence a front end shows as it is.

``title`` and ``detail`` stay what they are, for operators and logs (often English, with specifics). ``message``
is looked up by the problem's stable ``code``, one rule everywhere:

1. the app's own table (each service keeps one, ``tuijin/<service>/messages.py``, registered through
   ``ServiceSpec.messages`` when the app is created);
2. the kernel's table below (:data:`KERNEL_MESSAGES`: the generic codes and those the kernel raises);
3. a sentence for the HTTP status (:data:`STATUS_MESSAGES`), and a last generic sentence: ``message`` is never
   missing, even for a code relayed from another service that this app does not know.

A message is a fixed sentence per code; it does not repeat the detail's specifics (ids, numbers). Two cases
carry more: a problem relayed from another service keeps that service's ``message``, and a validation problem
(422 ``validation_failed``) names the fields at fault by their Chinese label (``errors[].label``, from the
app's label table, ``ServiceSpec.field_labels``), each field error keeping its own message (translated to
Chinese for Pydantic's standard failures).

A test (tests/kernel/test_problem_messages.py) collects every code raised in the sources and fails when one has
no Chinese message in the tables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

CJK = re.compile(r"[\u4e00-\u9fff]")

KERNEL_MESSAGES: dict[str, str] = {
    # generic codes of the error classes and of Starlette's HTTP errors
    "bad_request": "请求无效，请检查后重试。",
    "unauthorized": "请先登录。",
    "forbidden": "您无权进行此操作。",
    "not_found": "请求的记录不存在，或您无权查看。",
    "method_not_allowed": "不支持该操作方式。",
    "not_acceptable": "无法提供所请求的内容格式。",
    "conflict": "操作与现有数据冲突，请刷新后重试。",
    "precondition_failed": "该记录已被他人修改，请刷新后重试。",
    "precondition_required": "修改前请先读取最新记录（缺少 If-Match 版本号）。",
    "payload_too_large": "请求内容过大，请精简后重试。",
    "unsupported_media_type": "不支持的提交格式。",
    "unprocessable": "提交的内容不符合业务规则，请检查后重试。",
    "invalid_field": "所填内容有误，请按提示修改。",
    "validation_failed": "提交的内容有误，请按提示修改。",
    "too_many_requests": "请求过于频繁，请稍后再试。",
    "internal_error": "系统出现异常，已记录，请稍后重试或联系管理员。",
    "http_error": "请求未能完成，请稍后重试。",
    "service_unavailable": "服务暂时不可用，请稍后重试。",
    "upstream_failed": "相关服务处理出错，请稍后重试。",
    "upstream_unavailable": "相关服务暂时不可用，请稍后重试。",
    "upstream_timeout": "相关服务响应超时，请稍后重试。",
    # concurrency, integrity, unit of work
    "integrity_error": "该修改与已有数据冲突（可能已被他人同时提交），请刷新后重试。",
    "commit_failed": "保存失败，请稍后重试。",
    "stale_etag": "该记录已被他人修改，请刷新后重试。",
    "if_match_required": "修改前请先读取最新记录（缺少 If-Match 版本号）。",
    # idempotency
    "idempotency_in_progress": "同一请求正在处理中，请稍候查看结果，不要重复提交。",
    "idempotency_key_reused": "该提交编号已用于另一内容不同的请求，请重新提交。",
    "idempotency_key_invalid": "提交编号（Idempotency-Key）格式无效。",
    # tokens and access
    "not_authenticated": "请先登录。",
    "token_invalid": "登录状态无效，请重新登录。",
    "token_expired": "登录已过期，请重新登录。",
    "role_required": "您的角色无权进行此操作。",
    "region_forbidden": "您无权操作其他地区的数据。",
    "unit_forbidden": "您无权操作其他单位的数据。",
    "service_token_required": "该操作只允许系统内部服务调用。",
    # input at the edge
    "control_character": "提交的内容含有不可见的控制字符，请删除后重试。",
    "path_too_long": "请求地址过长，无法处理。",
    "path_invalid": "请求地址含有非法字符，无法处理。",
    "invalid_month": "月份格式应为“年-月”，例如 2026-10。",
    "invalid_range": "日期范围无效，请检查起止日期。",
    "invalid_cursor": "分页参数已失效，请从第一页重新查询。",
    "naive_instant": "时间须带时区。",
    "workbook_invalid": "上传的文件不是有效的 Excel 工作簿，或内容过多。",
    "workbook_too_large": "上传的 Excel 文件过大。",
    # attachments (附件) and the file store
    "attachment_not_found": "该附件不存在，或您无权查看。",
    "attachment_type_refused": (
        "不支持该文件类型，只能上传 JPEG、PNG、WebP 照片，PDF、Word（.docx）或 Excel（.xlsx）文件。"
    ),
    "attachment_type_mismatch": "文件内容与文件名后缀不符，请核对后重新上传。",
    "attachment_empty": "上传的文件是空的。",
    "image_unreadable": "照片已损坏、无法识别或像素过多。",
    "attachment_too_large": "上传的文件过大，请压缩或拆分后再上传。",
    "attachment_forbidden": "您无权添加或删除该附件。",
    "attachments_locked": "该记录已不能再增删附件。",
    "storage_unavailable": "文件存储暂时不可用，未保存任何内容，请稍后重试。",
    # operations and the calendar
    "database_unreachable": "数据库暂时无法连接，请稍后重试。",
    "migrations_pending": "系统正在升级，请稍后重试。",
    "job_not_found": "没有该后台任务。",
    "outbox_event_not_found": "没有该待投递事件。",
    "clock_control_disabled": "当前环境未开放时钟调整。",
    "receiver_unavailable": "接收方暂时不可用，请稍后重试。",
    "event_rejected": "接收方拒绝了该事件。",
    "region_not_found": "没有该地区。",
    "national_calendar_admin_only": "只有系统管理员可以修改全国工作日历。",
    "override_not_found": "该日期没有调整记录。",
    "policy_not_found": "没有该配置项。",
    "policy_not_set": "本地区未单独设置该配置项。",
    "profile_not_found": "没有该区域配置模板。",
}
"""The kernel's codes: the error classes' defaults, Starlette's HTTP errors and what the kernel raises."""

STATUS_MESSAGES: dict[int, str] = {
    400: KERNEL_MESSAGES["bad_request"],
    401: KERNEL_MESSAGES["unauthorized"],
    403: KERNEL_MESSAGES["forbidden"],
    404: KERNEL_MESSAGES["not_found"],
    405: KERNEL_MESSAGES["method_not_allowed"],
    409: KERNEL_MESSAGES["conflict"],
    412: KERNEL_MESSAGES["precondition_failed"],
    413: KERNEL_MESSAGES["payload_too_large"],
    422: KERNEL_MESSAGES["unprocessable"],
    428: KERNEL_MESSAGES["precondition_required"],
    429: KERNEL_MESSAGES["too_many_requests"],
    500: KERNEL_MESSAGES["internal_error"],
    502: KERNEL_MESSAGES["upstream_failed"],
    503: KERNEL_MESSAGES["service_unavailable"],
    504: KERNEL_MESSAGES["upstream_timeout"],
}
FALLBACK_MESSAGE = "请求未能完成，请稍后重试。"

KERNEL_LABELS: dict[str, str] = {
    "path": "请求地址",
    "caption": "说明",
    "region_code": "地区",
    "year": "年度",
    "month": "月份",
    "day": "日期",
    "from": "开始日期",
    "to": "结束日期",
    "limit": "每页条数",
    "cursor": "分页位置",
    "q": "搜索词",
    "file": "上传文件",
    "reason": "原因",
    "note": "备注",
    "comment": "意见",
    "name": "名称",
    "title": "标题",
    "status": "状态",
    "is_working_day": "是否工作日",
}
"""Chinese labels of fields every app has (query parameters, common words); an app's own table comes first."""

PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "必填",
    "string_type": "应为文本",
    "string_too_short": "至少 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多",
    "decimal_whole_digits": "整数位数过多",
    "bool_type": "应为是或否",
    "bool_parsing": "应为是或否",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "date_type": "应为日期",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "日期时间格式不正确",
    "datetime_from_date_parsing": "日期时间格式不正确",
    "time_parsing": "时间格式应为 HH:MM:SS",
    "uuid_type": "应为编号（UUID）",
    "uuid_parsing": "编号（UUID）格式不正确",
    "enum": "不是可选的值",
    "literal_error": "不是可选的值",
    "list_type": "应为列表",
    "too_short": "至少 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "不是有效的 JSON",
    "url_parsing": "网址格式不正确",
    "url_scheme": "网址协议不被允许",
}
"""Pydantic's standard failures, in Chinese; a message written in Chinese by the rule itself is kept."""


def app_messages(app: Any) -> Mapping[str, str]:
    return getattr(getattr(app, "state", None), "messages", None) or KERNEL_MESSAGES


def message_for(code: str, status: int, messages: Mapping[str, str] | None = None) -> str:
    """The Chinese sentence for ``code`` (see the module's docstring for the order)."""
    table = messages if messages is not None else KERNEL_MESSAGES
    return table.get(code) or KERNEL_MESSAGES.get(code) or STATUS_MESSAGES.get(status) or FALLBACK_MESSAGE


def register_messages(app: Any, messages: Mapping[str, str], labels: Mapping[str, str]) -> None:
    """Give ``app`` its message and label tables (over the kernel's)."""
    app.state.messages = {**KERNEL_MESSAGES, **messages}
    app.state.field_labels = {**KERNEL_LABELS, **labels}


def label_for(field: str, labels: Mapping[str, str] | None) -> str | None:
    """The Chinese label of a dotted field path (``body.team.0.person_id`` → the label of ``person_id``; a
    letter's ``body.body`` → the label of ``body``)."""
    table = labels if labels is not None else KERNEL_LABELS
    parts = field.split(".")
    if len(parts) > 1 and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    for part in reversed(parts):
        if part and not part.isdigit():
            return table.get(part)
    return None


def chinese_field_message(message: str, type_: str, ctx: Mapping[str, Any] | None) -> str:
    """A field error's message in Chinese: kept when it has Chinese already, else Pydantic's type translated."""
    if CJK.search(message):
        return message
    template = PYDANTIC_MESSAGES.get(type_)
    if template is None:
        return message
    try:
        return template.format(**(ctx or {}))
    except (KeyError, IndexError, ValueError):
        return template.split("{", 1)[0].strip() or message


def validation_message(labelled: list[tuple[str, str | None]], messages: Mapping[str, str] | None = None) -> str:
    """``提交的内容有误，请按提示修改：总投资(万元)、项目名称。``: the labels of the fields at fault (at most five); a
    field without a label is not named by its English path (``等`` says there is more), ``errors`` has them all."""
    base = message_for("validation_failed", 422, messages).rstrip("。")
    names: list[str] = []
    for _field, label in labelled:
        if label and label not in names:
            names.append(label)
    if not names:
        return base + "。"
    more = "等" if len(names) > 5 or any(not label for _, label in labelled) else ""
    return f"{base}：{'、'.join(names[:5])}{more}。"
