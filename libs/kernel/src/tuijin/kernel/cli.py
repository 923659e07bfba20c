"""The command line each app shares: ``tuijin-<app> serve | migrate | downgrade | heads``."""

from __future__ import annotations

import argparse
import sys

from tuijin.kernel.migrations import downgrade, head_revisions, upgrade
from tuijin.kernel.settings import load_settings
from tuijin.kernel.upstream import SERVER_KEEPALIVE_SECONDS


def run_cli(name: str, argv: list[str] | None = None) -> int:
    package = f"tuijin.{name}"
    parser = argparse.ArgumentParser(prog=f"tuijin-{name}", description=f"Tuijin {name}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    mig = sub.add_parser("migrate", help="upgrade the database to a revision (default head)")
    mig.add_argument("--revision", default="head")
    down = sub.add_parser("downgrade", help="downgrade the database to a revision")
    down.add_argument("revision")
    sub.add_parser("heads", help="print the migration head")
    extra = getattr(__import__(f"{package}.cli", fromlist=["extend_cli"]), "extend_cli", None)
    if extra is not None:
        extra(sub)
    args = parser.parse_args(argv)
    settings = load_settings(name)
    if args.command == "serve":
        import uvicorn

        from tuijin.kernel.auth import TokenCodec

        try:
            TokenCodec.for_app(settings)  # no app serves without its signing key and the apps' public keys
        except RuntimeError as exc:
            print(f"tuijin-{name}: {exc}", file=sys.stderr)
            return 2

        uvicorn.run(
            f"{package}.main:create_app", factory=True, host=args.host or settings.host,
            port=args.port or settings.port, workers=args.workers, log_config=None, access_log=False,
            # a service believes X-Forwarded-For from the gateway on its host; the gateway reads the header itself,
            # from its configured trusted proxies only (TUIJIN_GATEWAY_TRUSTED_PROXIES)
            proxy_headers=name != "gateway", forwarded_allow_ips="127.0.0.1",
            timeout_keep_alive=SERVER_KEEPALIVE_SECONDS,
        )
    elif args.command == "migrate":
        upgrade(package, settings.effective_database_url, args.revision)
    elif args.command == "downgrade":
        downgrade(package, settings.effective_database_url, args.revision)
    elif args.command == "heads":
        print(" ".join(sorted(head_revisions(package))))
    elif hasattr(args, "handler"):
        return int(args.handler(args, settings) or 0)
    return 0


def main_for(name: str) -> None:
    sys.exit(run_cli(name))
