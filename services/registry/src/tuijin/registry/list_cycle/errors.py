"""The problems of the yearly list cycle, one class per code."""

from __future__ import annotations

from tuijin.kernel.errors import Conflict, FieldProblem, NotFound


class ListCycleNotFound(NotFound):
    code = "list_cycle_not_found"


class ListCycleExists(Conflict):
    """The region's cycle for that year is already open (one cycle per region and target year)."""

    code = "list_cycle_exists"


class StepOutOfOrder(Conflict):
    """A step whose prerequisites are not all done; the problem's ``step`` and ``waiting_for`` name them."""

    code = "list_cycle_step_out_of_order"


class StepAlreadyDone(Conflict):
    code = "list_cycle_step_done"


class DateInFuture(FieldProblem):
    """A step is recorded as approved on a day that has not come yet."""

    code = "date_in_future"
