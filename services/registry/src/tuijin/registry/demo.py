"""Demo data shaped like 栾川县 2018 (seed 000): nine systems (九大体系) each convened by a unit, and
99 key projects totalling 287.2亿 (2,872,000万) with 133.4亿 (1,334,000万) planned this year, with their
leaders, teams and year plans. Ids come from :func:`tuijin.kernel.demo.demo_id`."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tuijin.kernel.auth import Principal, Role
from tuijin.kernel.clock import today, utcnow
from tuijin.kernel.demo import DEMO_REGION, DEMO_WORKBOOK, demo_id
from tuijin.registry.milestones.demo import seed_node_plans_demo
from tuijin.registry.models import (
    Person,
    Post,
    Project,
    Region,
    StageChange,
    System,
    TeamMember,
    Unit,
    YearPlan,
)
from tuijin.registry.organisation import repository as organisation_repo
from tuijin.registry.organisation import starting_set
from tuijin.registry.organisation.workbook import import_workbook
from tuijin.registry.procedures.demo import seed_procedures_demo
from tuijin.registry.projects import repository as projects_repo
from tuijin.registry.reports.demo import seed_report_demo

DEMO_PRINCIPAL = Principal(sub="demo", roles=frozenset({Role.admin.value}))
TOTAL = Decimal("2872000")  # 287.2亿 in 万元
THIS_YEAR = Decimal("1334000")  # 133.4亿

DEPARTMENTS = [
    ("栾川县发展和改革委员会", "县发改委"),
    ("栾川县交通运输局", "县交通局"),
    ("栾川县自然资源局", "县自然资源局"),
    ("栾川县住房和城乡建设局", "县住建局"),
    ("洛阳市生态环境局栾川分局", "县环境分局"),
    ("栾川县林业局", "县林业局"),
    ("栾川县文化广电和旅游局", "县文广旅局"),
    ("栾川县科技和工业信息化局", "县科工局"),
    ("栾川县教育局", "县教育局"),
    ("栾川县卫生健康委员会", "县卫健委"),
    ("栾川县水利局", "县水利局"),
    ("栾川县商务局", "县商务局"),
    ("栾川县农业农村局", "县农业农村局"),
    ("栾川县财政局", "县财政局"),
]
LEADING_BODIES = [("中共栾川县委", "县委"), ("栾川县人民政府", "县政府"), ("栾川县委督查室", "县委督查室")]
TOWNSHIPS = [
    "城关镇",
    "赤土店镇",
    "合峪镇",
    "庙子镇",
    "潭头镇",
    "三川镇",
    "冷水镇",
    "陶湾镇",
    "石庙镇",
    "秋扒乡",
    "狮子庙镇",
    "白土镇",
    "叫河镇",
    "栾川乡",
]
ENTERPRISES = ["洛阳栾川钼业集团股份有限公司", "栾川县城市建设投资有限公司", "栾川县文旅投资集团有限公司"]

# system, convening unit, leader post, name templates
SYSTEMS = [
    (
        "现代创新体系",
        "栾川县科技和工业信息化局",
        "副县长（分管工业）",
        ["{t}科技孵化园", "钼钨新材料研发中心", "{t}智能制造示范基地"],
    ),
    (
        "现代产业体系",
        "栾川县发展和改革委员会",
        "常务副县长",
        ["钼钨深加工产业园{n}期", "{t}农副产品加工", "{t}光伏发电"],
    ),
    ("现代市场体系", "栾川县商务局", "副县长（分管商贸）", ["{t}商贸物流园", "{t}农贸市场改造", "电商产业园{n}期"]),
    (
        "现代城镇体系",
        "栾川县住房和城乡建设局",
        "副县长（分管城建）",
        ["{t}老旧小区改造", "{t}集镇提升", "县城棚户区改造{n}期"],
    ),
    (
        "现代基础设施体系",
        "栾川县交通运输局",
        "副县长（分管交通）",
        ["{t}至县城道路改建", "{t}农村公路提升", "{t}供水工程"],
    ),
    (
        "文化传承创新体系",
        "栾川县文化广电和旅游局",
        "副县长（分管文旅）",
        ["{t}旅游综合开发", "{t}民宿集群", "伏牛山文化园{n}期"],
    ),
    (
        "生态环境建设体系",
        "洛阳市生态环境局栾川分局",
        "副县长（分管农业）",
        ["{t}污水处理厂", "伊河{t}段生态治理", "{t}矿山生态修复"],
    ),
    (
        "现代开放体系",
        "栾川县商务局",
        "副县长（分管商贸）",
        ["{t}招商引资产业园", "{t}外贸加工基地", "开放合作示范区{n}期"],
    ),
    ("公共服务体系", "栾川县教育局", "副县长（分管教育）", ["{t}中心学校", "{t}卫生院", "{t}养老服务中心"]),
]
LEADERS = [
    ("县委书记", "燕书记", 1),
    ("县长", "何县长", 2),
    ("常务副县长", "张常务", 3),
    ("副县长（分管工业）", "陈副县长", 10),
    ("副县长（分管城建）", "刘副县长", 11),
    ("副县长（分管交通）", "李副县长", 12),
    ("副县长（分管文旅）", "杨副县长", 13),
    ("副县长（分管农业）", "黄副县长", 14),
    ("副县长（分管商贸）", "吴副县长", 15),
    ("副县长（分管教育）", "郑副县长", 16),
]
STAFF = [
    ("王科长", "栾川县发展和改革委员会", "科长"),
    ("赵联络员", "栾川县交通运输局", "联络员"),
    ("孙督查", "栾川县委督查室", "督查员"),
    ("周评分人", "栾川县人民政府", "评分人"),
]


def _split(total: Decimal, weights: list[float]) -> list[Decimal]:
    """Whole-万元 parts of ``total`` in proportion to ``weights``, summing exactly to ``total``."""
    s = sum(weights)
    parts = [Decimal(int(total * Decimal(w / s))) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


async def seed_registry_demo(session: AsyncSession) -> int:
    """Create the demo county if it is not there; returns the number of projects created."""
    if await organisation_repo.get_region(session, DEMO_REGION) is not None:
        return 0
    session.add_all(
        [
            Region(code="410000", name="河南省", level="province"),
            Region(code="410300", name="洛阳市", level="prefecture", parent_code="410000"),
        ]
    )
    await session.flush()
    region = Region(code=DEMO_REGION, name="栾川县", level="county", parent_code="410300")
    session.add(region)
    await session.flush()
    # the organisation comes from the shipped workbook, through the import a county uses for its own
    await import_workbook(
        session, region, DEMO_WORKBOOK.read_bytes(), dry_run=False, principal=DEMO_PRINCIPAL,
        ids=lambda kind, key: demo_id(kind, key), holder_start=date(today().year - 1, 1, 1),
    )
    units = {u.name: u for u in await session.scalars(select(Unit).where(Unit.region_code == DEMO_REGION))}
    people = {p.name: p for p in await session.scalars(select(Person).where(Person.region_code == DEMO_REGION))}
    posts = {p.title: p for p in await session.scalars(select(Post).where(Post.region_code == DEMO_REGION))}
    by_name = {s.name: s for s in await session.scalars(select(System).where(System.region_code == DEMO_REGION))}
    systems = [by_name[name] for name, _, _, _ in SYSTEMS]

    rng = random.Random(2018)
    n = 99
    totals = _split(TOTAL, [rng.lognormvariate(0, 1.1) for _ in range(n)])
    year_shares = [rng.uniform(0.25, 0.7) for _ in range(n)]
    this_year = _split(THIS_YEAR, [float(t) * s for t, s in zip(totals, year_shares, strict=True)])
    year = today().year
    stages = ["under_construction"] * 5 + ["new_start"] * 3 + ["preliminary"] * 2
    for i in range(n):
        system_name, convener, leader_post, templates = SYSTEMS[i % 9]
        township = TOWNSHIPS[(i * 5) % len(TOWNSHIPS)]
        name = templates[(i // 9) % 3].format(t=township.rstrip("镇乡"), n=i // 27 + 1)
        name = f"{name}（{i + 1:02d}）"
        responsible = units["栾川县交通运输局"] if system_name == "现代基础设施体系" else units[convener]
        stage = stages[i % len(stages)]
        project = Project(
            id=demo_id("project", f"LC{year}-{i + 1:03d}"),
            region_code=DEMO_REGION,
            code=f"LC{year}-{i + 1:03d}",
            national_code=f"{year % 100:02d}{(i % 12) + 1:02d}-410324-{47 + i % 5:02d}-01-{600000 + i * 37:06d}",
            name=name,
            system_id=systems[i % 9].id,
            industry=system_name[:-2],
            township_unit_id=units[township].id,
            location=f"栾川县{township}",
            latitude=Decimal("33.785") + Decimal(rng.randint(-400, 400)) / 10000,
            longitude=Decimal("111.615") + Decimal(rng.randint(-600, 600)) / 10000,
            stage=stage,
            is_poverty_alleviation=i % 11 == 3,
            content=f"{name}：建设内容详见推进方案。",
            total_investment=totals[i],
            owner_unit_id=units[ENTERPRISES[i % 3]].id if i % 4 == 0 else None,
            responsible_unit_id=responsible.id,
            leader_post_id=posts[leader_post].id,
            push_plan="" if i % 13 == 5 else f"{name}推进方案（倒排工期）",
            ledger="" if i % 17 == 8 else f"台账/{year}/LC-{i + 1:03d}.xlsx",
        )
        session.add(project)
        await session.flush()
        if i % 19 != 7:  # a few projects lack a service team: 五个一 incomplete, and visibly so
            session.add(
                TeamMember(project_id=project.id, person_id=people[LEADERS[3 + i % 7][1]].id, role="team_leader")
            )
            session.add(TeamMember(project_id=project.id, person_id=people["赵联络员"].id, role="liaison"))
        month = 1 + i % 6
        session.add(
            YearPlan(
                project_id=project.id,
                region_code=DEMO_REGION,
                year=year,
                planned_investment=this_year[i],
                physical_target="完成年度建设任务",
                planned_start_date=date(year, month, 1) if stage != "preliminary" else None,
                planned_completion_date=date(year + 1 + i % 2, 12, 31),
            )
        )
        session.add(
            StageChange(
                project_id=project.id,
                from_stage=None,
                to_stage=stage,
                changed_on=date(year, 1, 1),
                reason="年度重点项目名单",
                changed_by="demo",
                changed_at=utcnow(),
            )
        )
    await session.flush()
    await seed_report_demo(session)  # a few months of progress reports, one late
    await seed_node_plans_demo(session)  # 开工 / 中间节点 / 竣工 per project, some overdue
    await seed_procedures_demo(session)  # the catalogue and each project's procedures, some overdue
    # what every new region gets (policies, and region.created for scoring's schemes, the issues' and meetings'
    # policies): the catalogue is in place by now, with the demo's lead units, so nothing of it is added twice
    await starting_set.install(session, region)
    return n


async def demo_counts(session: AsyncSession) -> tuple[int, Decimal]:
    totals = await projects_repo.region_totals(session, DEMO_REGION)
    return len(totals), sum(totals, Decimal(0))
