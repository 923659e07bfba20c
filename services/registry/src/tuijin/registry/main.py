"""The registry service app."""

from __future__ import annotations

from fastapi import FastAPI

from tuijin.kernel.app import ServiceSpec, create_service_app
from tuijin.kernel.attachments.enums import AttachmentKind
from tuijin.kernel.attachments.service import orphan_sweep_job
from tuijin.kernel.enums import enum_catalog
from tuijin.kernel.settings import AppSettings, load_settings
from tuijin.registry.attachments.models import Attachment
from tuijin.registry.base import kernel
from tuijin.registry.dispatches import enums as dispatch_enums
from tuijin.registry.dispatches.endpoints import due_router as dispatches_due_router
from tuijin.registry.dispatches.endpoints import router as dispatches_router
from tuijin.registry.financing_needs import enums as financing_enums
from tuijin.registry.financing_needs.endpoints import router as financing_needs_router
from tuijin.registry.handlers import HANDLERS
from tuijin.registry.land_demands import enums as land_enums
from tuijin.registry.land_demands.endpoints import router as land_demands_router
from tuijin.registry.lights import enums as light_enums
from tuijin.registry.lights.endpoints import router as lights_router
from tuijin.registry.lights.jobs import JOBS as LIGHT_JOBS
from tuijin.registry.list_cycle import enums as list_cycle_enums
from tuijin.registry.list_cycle.endpoints import router as list_cycle_router
from tuijin.registry.messages import LABELS, MESSAGES
from tuijin.registry.milestones.endpoints import milestones_router, project_milestones_router
from tuijin.registry.milestones.enums import MilestoneKind
from tuijin.registry.milestones.jobs import milestone_overdue_job
from tuijin.registry.organisation import enums as organisation_enums
from tuijin.registry.organisation.endpoints import ORGANISATION_UPLOAD_PATHS
from tuijin.registry.organisation.endpoints import router as organisation_router
from tuijin.registry.policies.endpoints import format_router as document_format_router
from tuijin.registry.policies.endpoints import router as policies_router
from tuijin.registry.procedures import enums as procedure_enums
from tuijin.registry.procedures.deadlines import router as procedure_deadlines_router
from tuijin.registry.procedures.endpoints import (
    procedure_types_router,
    procedures_router,
    project_procedures_router,
)
from tuijin.registry.procedures.jobs import procedure_overdue_job
from tuijin.registry.profiles.endpoints import router as profiles_router
from tuijin.registry.project_lists.endpoints import UPLOAD_PATHS
from tuijin.registry.project_lists.endpoints import export_router as project_list_export_router
from tuijin.registry.project_lists.endpoints import router as project_lists_router
from tuijin.registry.project_lists.enums import RowAction
from tuijin.registry.projects import enums as project_enums
from tuijin.registry.projects.endpoints import router as projects_router
from tuijin.registry.projects.overview import router as overview_router
from tuijin.registry.province import enums as province_enums
from tuijin.registry.province import metrics as province_metrics
from tuijin.registry.province.endpoints import router as province_router
from tuijin.registry.province.jobs import JOBS as PROVINCE_JOBS
from tuijin.registry.province.jobs import register_region_jobs
from tuijin.registry.public.endpoints import router as public_router
from tuijin.registry.quarterly_reports import enums as quarterly_enums
from tuijin.registry.quarterly_reports.endpoints import router as quarterly_reports_router
from tuijin.registry.reports import enums as report_enums
from tuijin.registry.reports.endpoints import router as reports_router
from tuijin.registry.reports.evidence import router as report_attachments_router
from tuijin.registry.reports.jobs import JOBS as REPORT_JOBS
from tuijin.registry.reserve import enums as reserve_enums
from tuijin.registry.reserve.endpoints import router as reserve_router
from tuijin.registry.stats.endpoints import router as statistics_router
from tuijin.registry.swaps import enums as swap_enums
from tuijin.registry.swaps.endpoints import router as swaps_router

SPEC = ServiceSpec(
    name="registry",
    messages=MESSAGES,
    field_labels=LABELS,
    title="Tuijin registry",
    description=(
        "The project library (项目库): regions, units, posts, systems (体系), projects, year "
        "plans, the 五个一 team, node plans, procedures (手续), progress reports, warning "
        "lights, list tiers and swaps."
    ),
    migrations_package="tuijin.registry",
    kernel_tables=kernel,
    owns_calendar=True,
    event_handlers=HANDLERS,
    routers=[organisation_router, project_list_export_router, projects_router, project_milestones_router,
             milestones_router, procedure_types_router,
             project_procedures_router, procedures_router, reserve_router, swaps_router, list_cycle_router,
             land_demands_router, financing_needs_router, quarterly_reports_router,
             dispatches_router, dispatches_due_router, procedure_deadlines_router,
             project_lists_router, statistics_router, public_router, policies_router,
             document_format_router, profiles_router,
             reports_router, report_attachments_router, lights_router, province_router, overview_router],
    jobs=[milestone_overdue_job, procedure_overdue_job, *REPORT_JOBS, *LIGHT_JOBS, *PROVINCE_JOBS,
          orphan_sweep_job(Attachment)],
    upload_paths=(*UPLOAD_PATHS, *ORGANISATION_UPLOAD_PATHS, r"/api/v1/progress-reports/[^/]+/attachments"),
    # a pull job per region configured for the provincial platform; the platform exchange's metrics
    on_startup=[register_region_jobs, province_metrics.install],
    enum_catalog=enum_catalog(
        [MilestoneKind, procedure_enums.ProcedureStatus, procedure_enums.ProcedureSource,
         procedure_enums.EnergyReviewLevel, procedure_enums.ApprovalLevel,
         organisation_enums.RegionLevel, organisation_enums.UnitKind, project_enums.Stage, project_enums.TeamRole,
         project_enums.FiveOnes, project_enums.ListTier,
         reserve_enums.ReserveLevel, reserve_enums.ReserveCategory, reserve_enums.ReserveStatus,
         reserve_enums.SelectionRule, swap_enums.SwapStep, swap_enums.SwapStatus, swap_enums.SwapAction,
         swap_enums.SwapDecision, swap_enums.ComparisonRule, RowAction,
         report_enums.PeriodKind, report_enums.DueIn, report_enums.NonWorkingDueDay, report_enums.ReportStatus,
         report_enums.ReportAction, light_enums.LightKind, light_enums.LightColour,
         province_enums.PlatformItemStatus, province_enums.LinkStatus, province_enums.SyncChannel,
         province_enums.SyncOutcome, province_enums.UnitReportKind, province_enums.DeliveryStatus,
         AttachmentKind, list_cycle_enums.CycleStep, list_cycle_enums.StepStatus,
         land_enums.LandKind, financing_enums.FinancingChannel, financing_enums.FinancingStatus,
         quarterly_enums.QuarterlyReportStatus, quarterly_enums.QuarterlyReportAction,
         dispatch_enums.CadenceKind, dispatch_enums.DayCount]
    ),
)


def create_app(settings: AppSettings | None = None, **kwargs) -> FastAPI:
    """Build the app (uvicorn calls this with no arguments; tests pass settings and transports)."""
    return create_service_app(SPEC, settings or load_settings("registry"), **kwargs)
