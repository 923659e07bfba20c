"""The meetings service's declarative base and the kernel's tables (outbox, inbox, idempotency, calendar).

Each domain folder (scheduling, agendas, attendance, minutes) defines its tables on this base in its own
``models.py`` and imports the other domains' models directly; this module imports none of them, so there is
no import cycle. Alembic's ``migrations/env.py`` imports the app first, which registers every table."""

from tuijin.kernel.db import make_base
from tuijin.kernel.documents.numbering import document_tables
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)
documents = document_tables(Base.metadata)  # 发文字号 of notices, minutes and bulletins
