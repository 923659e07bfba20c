"""Background jobs of progress reports (run now: POST /api/v1/admin/registry/jobs/{name}/run)."""

from __future__ import annotations

from tuijin.kernel.jobs import Job
from tuijin.registry.reports.service import overdue_job

JOBS = [
    Job(
        "progress-reports-overdue",
        overdue_job,
        900.0,
        "mark projects that had not submitted a due progress report; publish report.overdue once each",
    )
]
