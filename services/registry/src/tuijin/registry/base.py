"""The registry's declarative base and its kernel tables (outbox, inbox, idempotency, calendar). Every domain's
``models.py`` declares its tables on this ``Base``; :mod:`tuijin.registry.models` imports them all for Alembic."""

from __future__ import annotations

from tuijin.kernel.db import make_base
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)
