"""``tuijin-registry`` command line."""

from tuijin.kernel.cli import main_for


def main() -> None:
    main_for("registry")
