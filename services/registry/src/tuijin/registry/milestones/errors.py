"""The node plans' typed problems: each a fixed ``code`` with its zh-CN text in :mod:`tuijin.registry.messages`.
A node plan shares ``dates_out_of_order``, ``required`` and ``invalid_reference`` with the projects and the
organisation (:mod:`tuijin.registry.projects.errors`, :mod:`tuijin.registry.organisation.errors`)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, Forbidden, NotFound
from tuijin.registry.organisation.errors import FieldRule


class MilestoneNotFound(NotFound):
    code = "milestone_not_found"


class NotProjectEditor(Forbidden):
    """Neither the office of the project's region nor its responsible or owner unit."""

    code = "not_project_editor"


class NotAWorkingDay(FieldRule):
    code = "not_a_working_day"


class DateInFuture(FieldRule):
    code = "date_in_future"


class MilestoneKindTaken(Conflict):
    """A second start, completion or operation node."""

    code = "milestone_kind_taken"


class MilestoneNameTaken(Conflict):
    code = "milestone_name_taken"


class AnchorCycle(FieldRule):
    code = "anchor_cycle"


class ConflictingFields(FieldRule):
    code = "conflicting_fields"


class PlannedDateMissing(FieldRule):
    """A node with neither a planned date nor a node to count from."""

    code = "missing"


class TooManyMilestones(Conflict):
    code = "too_many_milestones"


class DuplicateName(FieldRule):
    code = "duplicate_name"


class NodePlanExists(Conflict):
    code = "node_plan_exists"


class NodePlanStarted(Conflict):
    code = "node_plan_started"
