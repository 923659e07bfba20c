"""The problems of inspections (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound


class InspectionNotFound(NotFound):
    """No such inspection, or not one the caller may see (an unannounced one before it is recorded)."""

    code = "inspection_not_found"


class InspectionNotPlanned(Conflict):
    """The inspection is recorded already: it is recorded once, and its plan no longer changes."""

    code = "inspection_not_planned"


class InspectionNotRecorded(Conflict):
    """Only a recorded inspection is closed (办结)."""

    code = "inspection_not_recorded"


class FindingsNotRectified(Conflict):
    """An inspection is closed (办结) only once every finding is rectified."""

    code = "findings_not_rectified"


class ProjectNotVisited(FieldProblem):
    """A check or finding names a project the inspection did not visit."""

    code = "project_not_visited"


class AttachmentNotOfInspection(FieldProblem):
    """A finding's evidence names a file that is not attached to this inspection."""

    code = "attachment_not_of_inspection"


class DuplicateProject(FieldProblem):
    """A project named twice (visited twice, or checked twice)."""

    code = "duplicate_project"


class InspectedInFuture(FieldProblem):
    """An inspection is recorded as held on a day not yet come."""

    code = "inspected_in_future"
