"""The problems of applying a region profile, one class per code."""

from __future__ import annotations

from tuijin.kernel.errors import FieldProblem


class UnknownProfile(FieldProblem):
    """The body names a profile that is not shipped (422 naming ``body.profile``)."""

    code = "unknown_profile"
