"""A region's policies (thresholds, due rules… per region and year): the catalogue with the shipped defaults
(:mod:`.catalogue`), the table (:mod:`.models`) and the routes (:mod:`.endpoints`). The catalogue's names are the
package's: ``from tuijin.registry.policies import TierThresholds, load_policy``."""

from tuijin.registry.policies.catalogue import (
    POLICIES,
    QUARTERLY_REPORT_PRESETS,
    REPORT_DUE_PRESETS,
    STORE,
    CategoryThreshold,
    DispatchCadence,
    EnergyReviewThresholds,
    ListCycleCalendar,
    NodePlanRules,
    ProcedureDeadlines,
    QuarterlyReportRule,
    ReportDueRule,
    ReserveSelection,
    SwapTolerance,
    TierThresholds,
    WarningLightThresholds,
    load_policy,
)

__all__ = [
    "POLICIES",
    "QUARTERLY_REPORT_PRESETS",
    "REPORT_DUE_PRESETS",
    "STORE",
    "CategoryThreshold",
    "DispatchCadence",
    "EnergyReviewThresholds",
    "ListCycleCalendar",
    "NodePlanRules",
    "ProcedureDeadlines",
    "QuarterlyReportRule",
    "ReportDueRule",
    "ReserveSelection",
    "SwapTolerance",
    "TierThresholds",
    "WarningLightThresholds",
    "load_policy",
]
