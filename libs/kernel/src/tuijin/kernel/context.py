"""Per-request context variables (request id, caller) shared by logging and outgoing calls."""

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
