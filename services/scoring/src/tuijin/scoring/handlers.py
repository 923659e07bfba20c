"""Events the scoring service receives and what it does with them: none of another service's domain events.

Scoring pulls instead (see :mod:`tuijin.scoring.upstream`): a run reads the registry's, issues' and meetings'
figures in bulk at the moment it computes and keeps them as its input snapshot, so a ranking always matches
the figures it names and a recomputation reads them afresh. Keeping event-fed copies of reports, problems,
letters, decided items and attendance would only duplicate what those services already count.

The kernel adds the handlers that keep the local copy of the registry's calendar overrides
(:func:`tuijin.kernel.calendar_routes.calendar_event_handlers`), as for every service that does not own the calendar.
"""

from __future__ import annotations

from tuijin.kernel.outbox import EventHandler

HANDLERS: dict[str, EventHandler] = {}
