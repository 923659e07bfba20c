"""Background jobs of letters (run now: POST /api/v1/admin/issues/jobs/letters-sweep/run)."""

from __future__ import annotations

from tuijin.issues.letters.triggers import sweep_job
from tuijin.kernel.jobs import Job

JOBS = [Job("letters-sweep", sweep_job, 3600.0, "issue letters for answers overdue, by the region's letter steps")]
