"""Problems of site visits."""

from __future__ import annotations

from tuijin.kernel.errors import Forbidden, NotFound, Unprocessable
from tuijin.meetings.errors import FieldProblem


class SiteVisitNotFound(NotFound):
    """No such visit, or the caller may not see it (the same 404)."""

    code = "site_visit_not_found"


class InvalidSiteVisit(Unprocessable):
    """A visit whose fields do not hold together (a decision due before the visit…), every bad field named."""

    code = "invalid_site_visit"


class VisitInFuture(FieldProblem, Unprocessable):
    """A visit is recorded after it took place."""

    code = "visit_in_future"


class SiteVisitForbidden(Forbidden):
    """The caller may not record this visit, or change it."""

    code = "site_visit_forbidden"


class UnknownPerson(FieldProblem, Unprocessable):
    """A reference to a person who is not the region's (registry)."""

    code = "unknown_person"


class UnknownProject(FieldProblem, Unprocessable):
    """A reference to a project that is not the region's (registry)."""

    code = "unknown_project"
