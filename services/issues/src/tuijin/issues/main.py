"""The issues service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.issues.accountability import enums as accountability_enums
from tuijin.issues.accountability.endpoints import router as accountability_router
from tuijin.issues.attachments.models import Attachment
from tuijin.issues.complaints import enums as complaint_enums
from tuijin.issues.complaints.endpoints import router as complaints_router
from tuijin.issues.handlers import HANDLERS
from tuijin.issues.inspections import enums as inspection_enums
from tuijin.issues.inspections.endpoints import router as inspections_router
from tuijin.issues.interviews import enums as interview_enums
from tuijin.issues.interviews.endpoints import router as interviews_router
from tuijin.issues.letters import enums as letter_enums
from tuijin.issues.letters.endpoints import router as letters_router
from tuijin.issues.letters.jobs import JOBS as LETTER_JOBS
from tuijin.issues.messages import LABELS, MESSAGES
from tuijin.issues.models import kernel
from tuijin.issues.policies.endpoints import router as policies_router
from tuijin.issues.problems import enums as problem_enums
from tuijin.issues.problems.endpoints import router as problems_router
from tuijin.issues.problems.jobs import JOBS as PROBLEM_JOBS
from tuijin.issues.rectifications import enums as rectification_enums
from tuijin.issues.rectifications.endpoints import router as rectifications_router
from tuijin.issues.rectifications.jobs import JOBS as RECTIFICATION_JOBS
from tuijin.issues.upstream import Directory
from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.attachments.enums import AttachmentKind
from tuijin.kernel.attachments.service import orphan_sweep_job
from tuijin.kernel.enums import enum_catalog
from tuijin.kernel.settings import AppSettings, load_settings


async def _start_directory(app: FastAPI) -> None:
    """Caches of registry reads, one per process."""
    app.state.directory = Directory()


async def _warm_openapi(app: FastAPI) -> None:
    """Build the OpenAPI document once at start-up (about a second of CPU), so that the gateway's merged
    document does not wait for it on its first request."""
    app.openapi()


SPEC = ServiceSpec(
    name="issues",
    messages=MESSAGES,
    field_labels=LABELS,
    title="Tuijin issues",
    description=(
        "The problem ledger (问题台账), the escalation ladder and its timers, supervision "
        "letters (提醒函 / 推进函 / 督办函), interviews (约谈), inspections (督查) with their findings, rectifications "
        "(整改), accountability records (问责) and efficiency complaints (行政效能投诉)."
    ),
    migrations_package="tuijin.issues",
    kernel_tables=kernel,
    owns_calendar=False,
    routers=[problems_router, letters_router, interviews_router, inspections_router, policies_router,
             rectifications_router, accountability_router, complaints_router],
    jobs=[*PROBLEM_JOBS, *LETTER_JOBS, *RECTIFICATION_JOBS, orphan_sweep_job(Attachment)],
    event_handlers=HANDLERS,
    enum_catalog=enum_catalog(
        [
            problem_enums.ProblemLevel,
            problem_enums.ProblemCategory,
            problem_enums.ProblemStatus,
            problem_enums.ProblemAction,
            problem_enums.ActionSource,
            letter_enums.LetterGrade,
            letter_enums.LetterSubject,
            letter_enums.LetterReason,
            letter_enums.LetterStatus,
            letter_enums.LetterSource,
            interview_enums.InterviewReason,
            interview_enums.IntervieweeKind,
            rectification_enums.RectificationSource,
            rectification_enums.RectificationStatus,
            accountability_enums.SanctionKind,
            accountability_enums.AccountabilityTarget,
            accountability_enums.GroundKind,
            complaint_enums.ComplaintStatus,
            complaint_enums.ComplaintFinding,
            inspection_enums.InspectionKind,
            inspection_enums.InspectionStatus,
            inspection_enums.FindingDisposition,
            inspection_enums.FindingState,
            AttachmentKind,
        ]
    ),
    upstreams=["registry"],
    on_startup=[_start_directory, _warm_openapi],
    upload_paths=(r"/api/v1/problems/[^/]+/attachments", r"/api/v1/inspections/[^/]+/attachments"),
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("issues"), **kwargs)
