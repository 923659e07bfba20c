from tuijin.kernel.migrations import head_revisions


async def test_every_app_is_ready_at_its_migration_head(stack):
    for name, client in stack.clients.items():
        resp = await client.get("/readyz")
        assert resp.status_code == 200, (name, resp.text)
        assert resp.json()["migration"] == sorted(head_revisions(f"tuijin.{name}"))
