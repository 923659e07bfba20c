"""Every app's migration tree: upgrade head → downgrade base → upgrade head on an empty database, and
the migrated schema matches the models (a model change without a migration fails here)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from tuijin.kernel.migrations import downgrade, head_revisions, upgrade
from tuijin.kernel.settings import APPS


def models_metadata(app: str) -> MetaData:
    return __import__(f"tuijin.{app}.models", fromlist=["Base"]).Base.metadata


def _schema_state(conn: Connection, metadata: MetaData) -> dict[str, Any]:
    context = MigrationContext.configure(
        conn,
        opts={
            "target_metadata": metadata,
            "compare_type": True,
            "compare_server_default": False,
        },
    )
    return {
        "tables": set(inspect(conn).get_table_names()),
        "revisions": set(context.get_current_heads()),
        "diff": compare_metadata(context, metadata),
    }


async def schema_state(url: str, metadata: MetaData) -> dict[str, Any]:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_schema_state, metadata)
    finally:
        await engine.dispose()


def describe(diff: Any) -> str:
    """One line per difference: ``add_table projects``, ``add_column users.phone``, ``modify_type ...``."""
    if isinstance(diff, list):  # column modifications come as a list of tuples
        return "; ".join(describe(d) for d in diff)
    kind, *rest = diff
    if kind.startswith("modify_"):  # (kind, schema, table, column, info, old, new)
        return f"{kind} {rest[1]}.{rest[2]}: {rest[-2]!r} -> {rest[-1]!r}"
    target = rest[-1]
    table = getattr(target, "table", None)
    name = getattr(target, "name", None) or repr(target)
    return f"{kind} {table.name}.{name}" if getattr(table, "name", None) else f"{kind} {name}"


def assert_at_head(app: str, state: dict[str, Any], metadata: MetaData) -> None:
    assert state["diff"] == [], f"{app}: the models and the migrations disagree (write a migration):\n" + "\n".join(
        map(describe, state["diff"])
    )
    assert state["tables"] == set(metadata.tables) | {"alembic_version"}, app
    assert state["revisions"] == head_revisions(f"tuijin.{app}")


@pytest.mark.parametrize("app", APPS)
async def test_upgrade_downgrade_upgrade_matches_the_models(app, fresh_databases):
    package = f"tuijin.{app}"
    metadata = models_metadata(app)
    assert metadata.tables, f"{app} defines no tables"
    url = await fresh_databases.new(f"mig_{app}")

    state = await schema_state(url, metadata)
    assert state["tables"] == set()

    # alembic's env.py calls asyncio.run: keep it off the test's event loop
    await asyncio.to_thread(upgrade, package, url)
    assert_at_head(app, await schema_state(url, metadata), metadata)

    await asyncio.to_thread(downgrade, package, url)
    state = await schema_state(url, metadata)
    assert state["tables"] <= {"alembic_version"}, f"{app}: downgrade left {state['tables']}"
    assert state["revisions"] == set()

    await asyncio.to_thread(upgrade, package, url)
    assert_at_head(app, await schema_state(url, metadata), metadata)

    # upgrading an up-to-date database is a no-op
    await asyncio.to_thread(upgrade, package, url)
    assert_at_head(app, await schema_state(url, metadata), metadata)


@pytest.mark.parametrize("app", APPS)
def test_one_head_per_tree(app):
    assert len(head_revisions(f"tuijin.{app}")) == 1


async def test_the_comparison_notices_a_model_change_without_a_migration(fresh_databases):
    """Guard the guard: a column, a table and a type that only the models know are all reported."""
    from sqlalchemy import Column, Integer, String, Table

    app = "scoring"
    url = await fresh_databases.new("mig_guard")
    await asyncio.to_thread(upgrade, f"tuijin.{app}", url)

    changed = MetaData(naming_convention=models_metadata(app).naming_convention)
    for table in models_metadata(app).tables.values():
        table.to_metadata(changed)
    changed.tables["inbox_events"].append_column(Column("added_by_the_model", Integer(), nullable=True))
    Table("only_in_the_models", changed, Column("id", Integer, primary_key=True))
    changed.tables["calendar_overrides"].c.note.type = String(50)  # was String(200)

    diff = (await schema_state(url, changed))["diff"]
    kinds = {d[0] if isinstance(d, tuple) else d[0][0] for d in diff}
    assert {"add_column", "add_table", "modify_type"} <= kinds, diff
    lines = {describe(d) for d in diff}
    assert "add_table only_in_the_models" in lines
    assert "add_column inbox_events.added_by_the_model" in lines
    assert any(line.startswith("modify_type calendar_overrides.note") for line in lines), lines
