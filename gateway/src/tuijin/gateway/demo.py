"""Demo accounts for one county (栾川县, 410324), created on the first ``make run`` from the 账号 sheet of the demo
organisation workbook (:data:`tuijin.kernel.demo.DEMO_WORKBOOK`), through the same checks and writes as a county's
own workbook (:mod:`tuijin.gateway.organisation`).

Their unit and person ids come from :func:`tuijin.kernel.demo.demo_id`, as the registry's demo records do (it
imports the same workbook with those ids), so a demo unit user sees the demo unit's projects without the gateway
asking the registry (``make seed`` runs before the services start). Their password is the one given
(``TUIJIN_DEMO_PASSWORD``), not a one-time one."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.gateway.organisation import Resolved, apply_accounts, check_account_rows
from tuijin.kernel.demo import DEMO_REGION, DEMO_WORKBOOK, demo_id
from tuijin.kernel.orgbook import ACCOUNTS, read_orgbook


async def seed_demo_users(session: AsyncSession, password: str) -> list[str]:
    """Create the demo accounts that do not exist yet; returns the usernames created."""
    book = read_orgbook(DEMO_WORKBOOK.read_bytes())
    rows, errors = check_account_rows(book.rows[ACCOUNTS])
    if errors or book.errors:
        raise ValueError(f"the demo workbook's 账号 sheet has errors: {errors or book.errors}")
    resolved = {
        a.row.number: Resolved(demo_id("unit", a.row.get("所在单位")) if a.row.get("所在单位") else None,
                               demo_id("person", a.row.get("对应人员")) if a.row.get("对应人员") else None)
        for a in rows
    }
    _, created = await apply_accounts(session, DEMO_REGION, rows, resolved, password=lambda: password,
                                      create_only=True)
    return [c.username for c in created]
