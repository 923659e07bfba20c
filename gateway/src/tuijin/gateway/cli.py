"""``tuijin-gateway`` command line: the shared commands plus ``seed-demo`` and ``reset-admin``."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import re
import secrets
import sys

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


MIN_PASSWORD = 10  # as the API's PasswordReset / UserCreate
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")


def _read_password(args: argparse.Namespace) -> tuple[str | None, bool]:
    """The new password and whether it was generated (then it is printed once)."""
    if args.generate:
        return secrets.token_urlsafe(18), True
    if sys.stdin.isatty():
        first = getpass.getpass("new password: ")
        if getpass.getpass("again: ") != first:
            print("the two passwords differ", file=sys.stderr)
            return None, False
        return first, False
    return sys.stdin.readline().rstrip("\r\n"), False


def _reset_admin(args: argparse.Namespace, settings) -> int:
    from tuijin.gateway.accounts import reset_admin
    from tuijin.kernel.db import create_engine, make_sessionmaker

    if not USERNAME.match(args.username):
        print(f"not a valid username: {args.username!r}", file=sys.stderr)
        return 2
    password, generated = _read_password(args)
    if password is None:
        return 2
    if not MIN_PASSWORD <= len(password) <= 128:
        print(f"the password must have {MIN_PASSWORD} to 128 characters", file=sys.stderr)
        return 2

    async def run() -> bool:
        engine = create_engine(settings.effective_database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                return await reset_admin(session, args.username, password)
        finally:
            await engine.dispose()

    created = asyncio.run(run())
    print(f"admin account {args.username!r} {'created' if created else 'reset'}: active, unlocked, "
          "every session of it revoked")
    if generated:
        print(f"new password (shown once): {password}")
    return 0


def extend_cli(sub: argparse._SubParsersAction) -> None:
    reset = sub.add_parser(
        "reset-admin", help="recovery when no admin can log in: set an admin's password, activate and unlock it",
        description="Sets the password of an admin account (creating it if missing), re-activates it, forgets "
                    "its failed logins and revokes its sessions. The password is asked for twice on a terminal, "
                    "read as one line from standard input otherwise, or generated with --generate and printed "
                    "once.")
    reset.add_argument("--username", default="admin", help="the admin account (default: admin)")
    reset.add_argument("--generate", action="store_true", help="generate a password and print it once")
    reset.set_defaults(handler=_reset_admin)

    seed = sub.add_parser("seed-demo", help="create the demo accounts of one county if missing")
    seed.add_argument("--password-env", default="TUIJIN_DEMO_PASSWORD",
                      help="environment variable holding the demo accounts' password")
    seed.set_defaults(handler=_seed_demo)


def main() -> None:
    main_for("gateway")
