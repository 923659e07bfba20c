"""The problems of dispatches (调度), one class per code."""

from __future__ import annotations

from tuijin.kernel.errors import FieldProblem, Forbidden, NotFound


class DispatchNotFound(NotFound):
    code = "dispatch_not_found"


class DispatcherRequired(Forbidden):
    """Only the office of the region or the project's responsible unit records a dispatch."""

    code = "dispatcher_required"


class DispatchInFuture(FieldProblem):
    """A dispatch is recorded on or after its day, not before."""

    code = "dispatch_in_future"


class InvalidReference(FieldProblem):
    code = "invalid_reference"
