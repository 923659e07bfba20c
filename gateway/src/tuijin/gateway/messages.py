"""The gateway's problems in Chinese (code → the zh-CN ``message`` a front end shows): accounts, login, the proxy
and the composed views; and the Chinese labels of the account and login fields.

Registered through ``ServiceSpec.messages`` / ``field_labels``; the rule is in :mod:`tuijin.kernel.messages`. A
service's problem passes the proxy as the service wrote it, its ``message`` included."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # login and tokens
    "invalid_credentials": "用户名或密码错误。",
    "account_disabled": "该账号已停用，请联系管理员。",
    "login_rate_limited": "登录尝试过于频繁，请稍后再试。",
    "refresh_token_expired": "登录已过期，请重新登录。",
    "refresh_token_invalid": "登录状态无效，请重新登录。",
    "refresh_token_reused": "登录状态已失效（可能在其他地方被使用），请重新登录。",
    "refresh_token_revoked": "登录状态已被注销，请重新登录。",
    # users
    "user_not_found": "没有该用户。",
    "username_taken": "用户名已被使用。",
    "organisation_workbook_invalid": "组织机构工作簿中有错误，请按列出的工作表、行号和列逐一修改后重新上传；"
                                     "本次未写入任何内容。",
    "own_password_needs_current": "修改自己的密码须输入当前密码。",
    "admin_password_reset_forbidden": "不能在此重置管理员的密码。",
    "self_lockout": "不能停用自己的账号或取消自己的管理员角色。",
    "role_not_grantable": "重点项目办公室只能授予和管理责任单位、县级责任领导、督查、评分人、查看角色。",
    "session_not_found": "没有该登录会话，或已失效。",
    "password_change_required": "您的密码已被重置，请先修改密码。",
    "password_too_short": "密码至少需要 10 个字符。",
    "password_contains_username": "密码不能包含用户名。",
    "password_breached": "该密码过于常见，请换一个。",
    "password_unchanged": "新密码不能与当前密码相同。",
    # the one-call clock of rehearsals
    "clock_move_failed": "部分服务的时钟未能调整，请查看已调整和未调整的服务后重试。",
    # proxy and views
    "method_not_allowed": "不支持该操作方式。",
    "not_found": "请求的地址不存在。",
    "path_invalid": "请求地址含有非法字符，无法处理。",
    "upstream_unavailable": "相关服务暂时不可用，请稍后重试。",
    "upstream_error": "相关服务处理出错，请稍后重试。",
    "project_not_found": "没有该项目，或您无权查看。",
    "region_required": "请选择地区。",
}

LABELS: dict[str, str] = {
    "username": "用户名",
    "password": "密码",
    "current_password": "当前密码",
    "new_password": "新密码",
    "display_name": "姓名",
    "roles": "角色",
    "unit_id": "所在单位",
    "person_id": "人员",
    "is_active": "是否启用",
    "refresh_token": "刷新令牌",
    "region_code": "地区",
    "must_change_password": "首次登录须修改密码",
}
