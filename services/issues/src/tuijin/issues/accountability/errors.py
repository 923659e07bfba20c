"""The problems of accountability records (each ``code`` has its zh-CN text in :mod:`tuijin.issues.messages`)."""

from __future__ import annotations

from tuijin.kernel.errors import FieldProblem, NotFound


class AccountabilityRecordNotFound(NotFound):
    """No such accountability record, or not one the caller may see."""

    code = "accountability_record_not_found"


class PostNotFound(FieldProblem):
    """The named post is not one of the region's (as the registry says)."""

    code = "post_not_found"


class GroundNotFound(FieldProblem):
    """A ground names a letter or an interview that is not one of the region's."""

    code = "ground_not_found"


class TargetMismatch(FieldProblem):
    """A record against a unit names the unit (and no post); one against a post names the post (and no unit)."""

    code = "accountability_target_mismatch"
