"""The organisation workbook (组织机构工作簿): one .xlsx with a county's units (单位), people (人员), posts and their
holders (岗位), systems with their convening units (系统) and accounts (账号), plus an instructions sheet (填写说明).

Its layout is defined here once because two apps read it: the registry imports the first four sheets (and checks
the references of the fifth), the gateway the accounts. Rows are matched by natural keys (a unit's name within the
region, a person's name and unit, a post's name, a system's name, a username), so importing a file again changes
nothing and an export imports back unchanged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tuijin.kernel.auth import ROLE_LABELS, Role
from tuijin.kernel.workbooks import check_xlsx

UNITS, PEOPLE, POSTS, SYSTEMS, ACCOUNTS = "单位", "人员", "岗位", "系统", "账号"
GUIDE, LISTS = "填写说明", "选项"
MAX_ROWS = 2000
"""Rows a sheet may hold (a county keeps about 40 units, 100 people, 50 accounts)."""

COLUMNS: dict[str, tuple[str, ...]] = {
    UNITS: ("单位名称", "简称", "单位类型"),
    PEOPLE: ("姓名", "所在单位", "职务", "联系电话"),
    POSTS: ("岗位名称", "所属单位", "排序", "现任人员", "现任人员所在单位", "任职起始日期"),
    SYSTEMS: ("体系名称", "召集单位", "排序"),
    ACCOUNTS: ("用户名", "显示名称", "角色", "所在单位", "对应人员", "对应人员所在单位"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    UNITS: ("单位名称", "单位类型"), PEOPLE: ("姓名",), POSTS: ("岗位名称",), SYSTEMS: ("体系名称",),
    ACCOUNTS: ("用户名", "角色"),
}
UNIT_REFERENCES = ("所在单位", "所属单位", "召集单位", "现任人员所在单位", "对应人员所在单位")
WIDTHS = {"单位名称": 32, **dict.fromkeys(UNIT_REFERENCES, 30),
          "岗位名称": 26, "体系名称": 22, "角色": 22, "显示名称": 26, "用户名": 18, "任职起始日期": 14}
NOTES: dict[str, str] = {
    UNITS: "每行一个单位，按单位名称在本区域内匹配：已有的单位更新简称和类型，没有的新建。单位类型从下拉列表选择，"
           "牵头办公室（重点项目办）本身也是一个单位。",
    PEOPLE: "每行一人，按“姓名 + 所在单位”匹配：已有的更新职务和电话，没有的新建。"
            "所在单位须是“单位”表中或系统中已有的单位。",
    POSTS: "每行一个岗位（职务），如“副县长（分管交通）”，按岗位名称匹配。项目的责任领导填的是岗位：现任人员变更时，"
           "岗位下的项目自动转给接任者。填写现任人员时，任职起始日期不填则为导入当天；同名人员须写明其所在单位。",
    SYSTEMS: "每行一个体系，如“现代基础设施体系”，召集单位负责召集该体系的周例会。",
    ACCOUNTS: "每行一个登录账号，按用户名匹配。角色可多选，用“、”分隔；工作簿不能授予系统管理员角色，"
              "牵头办公室账号只能由系统管理员开设。新账号的一次性密码只在导入结果中出现一次，请下载后分发，本人首次登录后须修改。"
              "对应人员是账号所代表的人（项目服务队成员、责任领导等），所在单位决定责任单位账号能看到哪些项目。",
}
GUIDE_TEXT = [
    "组织机构导入模板：一次导入本县（市、区）的单位、人员、岗位、体系和账号。",
    "1. 依次填写“单位”“人员”“岗位”“系统”“账号”各表，第一行表头不要修改，带 * 的列必填。",
    "2. 下拉列表中的单位名称来自“单位”表：先填单位，再填其他表。系统中已有的单位也可直接填写名称。",
    "3. 导入是“全有或全无”的：任何一行有错，所有错误（工作表、行号、列名、原因）一次列出，什么也不写入。",
    "4. 同一文件再次导入不会产生重复：按单位名称、姓名+所在单位、岗位名称、体系名称、用户名匹配已有记录。",
    "5. 留空的选填单元格保留系统中已有的值；导出的工作簿原样导入不做任何修改，可在其上修改后再导入。",
    "6. 账号的一次性密码只在导入成功时返回一次（可下载为表格分发），系统中不保存明文。",
]
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")


@dataclass
class SheetRow:
    """One filled-in row: its sheet, its row number in Excel, its cells by column label (stripped text)."""

    sheet: str
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass
class OrgBook:
    """The rows of each sheet, and the errors of the file's shape (a sheet without a required column)."""

    rows: dict[str, list[SheetRow]] = field(default_factory=lambda: {s: [] for s in COLUMNS})
    errors: list[dict[str, Any]] = field(default_factory=list)


def cell_error(sheet: str, row: int, column: str, message: str, type_: str = "invalid") -> dict[str, Any]:
    """A problem's field error naming the sheet, the row, the column label and the reason in Chinese:
    ``field`` is ``<sheet>.<row>.<column>`` (e.g. ``人员.3.所在单位``)."""
    return {"field": f"{sheet}.{row}.{column}", "label": column, "sheet": sheet, "row": row, "column": column,
            "message": message, "type": type_}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(value: Any) -> str:
    return _text(value).rstrip("*＊ ").strip()


def read_orgbook(data: bytes, *, field_name: str = "file") -> OrgBook:
    """The rows of an uploaded organisation workbook. The file is checked by
    :func:`~tuijin.kernel.workbooks.check_xlsx` first (a 422/413 naming ``field_name``); a sheet that is absent
    has no rows; a present sheet missing a required column is an error on its header row. Synchronous: run it in
    a worker thread."""
    check_xlsx(data, field=field_name)
    wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    book = OrgBook()
    try:
        for sheet, columns in COLUMNS.items():
            if sheet not in wb.sheetnames:
                continue
            rows = wb[sheet].iter_rows(values_only=True)
            header = [_header(v) for v in next(rows, ())]
            positions = {label: header.index(label) for label in columns if label in header}
            missing = [c for c in REQUIRED[sheet] if c not in positions]
            for column in missing:
                book.errors.append(cell_error(sheet, 1, column, f"表头缺少“{column}”列，请使用导出的模板。",
                                              "missing_column"))
            if missing:
                continue
            for number, values in enumerate(rows, start=2):
                cells = {label: _text(values[i]) if i < len(values) else "" for label, i in positions.items()}
                if not any(cells.values()):
                    continue
                if len(book.rows[sheet]) >= MAX_ROWS:
                    book.errors.append(cell_error(sheet, number, columns[0], f"每张表最多 {MAX_ROWS} 行。",
                                                  "too_many_rows"))
                    break
                book.rows[sheet].append(SheetRow(sheet, number, cells))
    finally:
        wb.close()
    return book


# ---------------------------------------------------------------- roles of the 账号 sheet

WORKBOOK_ROLES = (Role.office, Role.leader, Role.unit, Role.supervisor, Role.scorer, Role.viewer)
"""Roles the 账号 sheet may name (never ``admin`` or ``service``); who may grant which is the gateway's rule."""


def role_label(role: str) -> str:
    return ROLE_LABELS.get(Role(role), role) if role in Role.__members__ else role


def parse_roles(text: str) -> tuple[list[str], list[str]]:
    """Roles named by their Chinese labels or codes, separated by 、 or commas: (roles, the words not known)."""
    by_word = {**{ROLE_LABELS[r]: r.value for r in Role}, **{r.value: r.value for r in Role}}
    roles: list[str] = []
    unknown: list[str] = []
    for word in (w for w in LIST_SEPARATORS.split(text) if w):
        role = by_word.get(word)
        if role is None:
            unknown.append(word)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


def roles_text(roles: list[str]) -> str:
    return "、".join(role_label(r) for r in roles)


# ---------------------------------------------------------------- writing the template and the export


def write_orgbook(rows: dict[str, list[list[Any]]], *, unit_kinds: list[str], title: str = "") -> bytes:
    """The workbook with ``rows`` per sheet (in :data:`COLUMNS` order): the instructions sheet 填写说明 first, bold
    headers (required ones starred), and drop-downs bound to the valid values: unit kinds, the unit names of the 单位
    sheet (a warning only, so that a unit already in the system may be typed), people of the 人员 sheet, roles (the
    lists of kinds and roles on the hidden sheet 选项)."""
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE
    guide.column_dimensions["A"].width = 110
    lines = [title or "组织机构导入模板", *GUIDE_TEXT[1:], "", *(f"【{s}】{NOTES[s]}" for s in COLUMNS)]
    for i, line in enumerate(lines, start=1):
        guide.cell(i, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    guide.cell(1, 1).font = Font(bold=True, size=14)

    lists = wb.create_sheet(LISTS)
    role_labels = [ROLE_LABELS[r] for r in WORKBOOK_ROLES]
    for i, kind in enumerate(unit_kinds, start=1):
        lists.cell(i, 1, kind)
    for i, label in enumerate(role_labels, start=1):
        lists.cell(i, 2, label)
    lists.sheet_state = "hidden"

    last = MAX_ROWS + 1
    unit_range = f"'{UNITS}'!$A$2:$A${last}"
    person_range = f"'{PEOPLE}'!$A$2:$A${last}"
    for sheet, columns in COLUMNS.items():
        ws = wb.create_sheet(sheet, index=len(wb.sheetnames) - 1)
        for c, label in enumerate(columns, start=1):
            cell = ws.cell(1, c, f"{label}*" if label in REQUIRED[sheet] else label)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            ws.column_dimensions[cell.column_letter].width = WIDTHS.get(label, 14)
        ws.freeze_panes = "A2"
        for r, values in enumerate(rows.get(sheet, []), start=2):
            for c, value in enumerate(values, start=1):
                ws.cell(r, c, value if value not in (None, "") else None)

        def bind(label: str, formula: str, *, strict: bool, prompt: str, _ws=ws, _columns=columns) -> None:
            letter = _ws.cell(1, _columns.index(label) + 1).column_letter
            dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                                errorStyle="stop" if strict else "warning", showErrorMessage=True)
            dv.error = prompt
            dv.errorTitle = label
            dv.add(f"{letter}2:{letter}{last}")
            _ws.add_data_validation(dv)

        for label in columns:
            if label == "单位类型":
                bind(label, f"'{LISTS}'!$A$1:$A${len(unit_kinds)}", strict=True, prompt="请从下拉列表选择单位类型。")
            elif label in UNIT_REFERENCES:
                bind(label, unit_range, strict=False, prompt="该单位不在“单位”表中：请确认系统中已有此单位。")
            elif label in ("现任人员", "对应人员"):
                bind(label, person_range, strict=False, prompt="该人员不在“人员”表中：请确认系统中已有此人。")
            elif label == "角色":
                bind(label, f"'{LISTS}'!$B$1:$B${len(role_labels)}", strict=False,
                     prompt="请从下拉列表选择角色；多个角色用“、”分隔。")
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def add_account_rows(data: bytes, rows: list[list[Any]]) -> bytes:
    """``data`` (a workbook of :func:`write_orgbook`) with ``rows`` written into its 账号 sheet."""
    wb = load_workbook(BytesIO(data))
    ws = wb[ACCOUNTS]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value if value not in (None, "") else None)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def credentials_sheet(region_name: str, rows: list[tuple[str, str, str, str]]) -> bytes:
    """The sheet an office hands out: per new account its username, name, roles and one-time password."""
    wb = Workbook()
    ws = wb.active
    ws.title = "初始密码"
    heading = f"{region_name}新开账号一次性密码（仅此一次，系统不保存明文；本人首次登录后须修改）"
    ws.cell(1, 1, heading).font = Font(bold=True)
    for c, label in enumerate(("用户名", "显示名称", "角色", "一次性密码"), start=1):
        cell = ws.cell(2, c, label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = 24
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
