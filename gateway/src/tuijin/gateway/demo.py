"""Demo accounts for one county (栾川县, 410324), created on the first ``make run``.

Their unit and person ids come from :func:`tuijin.kernel.demo.demo_id`, as the registry's demo
records do, so a demo unit user sees the demo unit's projects."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.gateway.accounts import hash_password
from tuijin.gateway.models import User
from tuijin.kernel.clock import utcnow
from tuijin.kernel.demo import DEMO_REGION, demo_id

# username, display name, roles, unit name, person name
DEMO_USERS: list[tuple[str, str, list[str], str | None, str | None]] = [
    ("lc.office", "栾川县重点项目办 王科长", ["office"], "栾川县发展和改革委员会", "王科长"),
    ("lc.leader", "栾川县副县长 李副县长", ["leader"], None, "李副县长"),
    ("lc.unit", "栾川县交通运输局 联络员", ["unit"], "栾川县交通运输局", "赵联络员"),
    ("lc.supervisor", "栾川县委督查室 督查员", ["supervisor"], "栾川县委督查室", "孙督查"),
    ("lc.scorer", "栾川县观摩评分人", ["scorer"], None, "周评分人"),
    ("lc.viewer", "栾川县人大 查看", ["viewer"], None, None),
]


async def seed_demo_users(session: AsyncSession, password: str) -> list[str]:
    """Create the demo accounts that do not exist yet; returns the usernames created."""
    created = []
    existing = set((await session.scalars(select(User.username))).all())
    hashed = hash_password(password)
    for username, display, roles, unit, person in DEMO_USERS:
        if username in existing:
            continue
        session.add(User(
            username=username, display_name=display, password_hash=hashed, roles=roles,
            unit_id=demo_id("unit", unit) if unit else None, person_id=demo_id("person", person) if person else None,
            region_code=DEMO_REGION, password_changed_at=utcnow(),
        ))
        created.append(username)
    return created
