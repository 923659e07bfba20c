"""``tuijin-registry`` command line: the shared commands plus ``seed-demo``."""

from __future__ import annotations

import argparse
import asyncio

from tuijin.kernel.cli import main_for


def _seed_demo(args: argparse.Namespace, settings) -> int:
    from tuijin.kernel.db import create_engine, make_sessionmaker
    from tuijin.registry.demo import seed_registry_demo
    from tuijin.registry.province.demo import demo_address_note, seed_province_demo

    async def run() -> int:
        engine = create_engine(settings.effective_database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                created = await seed_registry_demo(session)
                # the demo county's provincial platform (the stand-in), also for a demo seeded before it
                if await seed_province_demo(session):
                    print("registry demo: provincial platform configured (stand-in)")
                    note = demo_address_note()
                    if note:
                        print(note)
                return created
        finally:
            await engine.dispose()

    created = asyncio.run(run())
    print(f"registry demo: {created} projects created" if created else "registry demo: already there")
    return 0


def extend_cli(sub: argparse._SubParsersAction) -> None:
    seed = sub.add_parser("seed-demo", help="create the demo county (栾川县) if it is missing")
    seed.set_defaults(handler=_seed_demo)


def main() -> None:
    main_for("registry")
