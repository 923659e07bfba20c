"""``tuijin-gateway`` command line: the shared commands plus ``seed-demo``."""

from __future__ import annotations

import argparse
import asyncio
import os

from tuijin.kernel.cli import main_for


def _seed_demo(args: argparse.Namespace, settings) -> int:
    from tuijin.gateway.demo import seed_demo_users
    from tuijin.kernel.db import create_engine, make_sessionmaker

    password = os.environ.get(args.password_env, "")
    if len(password) < 10:
        print(f"{args.password_env} must hold a password of at least 10 characters")
        return 2

    async def run() -> list[str]:
        engine = create_engine(settings.effective_database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                return await seed_demo_users(session, password)
        finally:
            await engine.dispose()

    created = asyncio.run(run())
    print(f"demo accounts created: {', '.join(created) if created else 'none (already there)'}")
    return 0


def extend_cli(sub: argparse._SubParsersAction) -> None:
    seed = sub.add_parser("seed-demo", help="create the demo accounts of one county if missing")
    seed.add_argument("--password-env", default="TUIJIN_DEMO_PASSWORD",
                      help="environment variable holding the demo accounts' password")
    seed.set_defaults(handler=_seed_demo)


def main() -> None:
    main_for("gateway")
