"""Background jobs of warning lights (run now: POST /api/v1/admin/registry/jobs/{name}/run)."""

from __future__ import annotations

from tuijin.kernel.jobs import Job
from tuijin.registry.lights.service import recompute_job

JOBS = [Job("warning-lights-recompute", recompute_job, 3600.0, "recompute every project's warning lights")]
