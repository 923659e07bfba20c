"""Background jobs of rectifications (run now: POST /api/v1/admin/issues/jobs/rectifications-sweep/run)."""

from __future__ import annotations

from tuijin.issues.rectifications.service import sweep_job
from tuijin.kernel.jobs import Job

JOBS = [Job("rectifications-sweep", sweep_job, 3600.0,
            "issue letters for rectifications past their deadline and not verified (整改逾期督办)")]
