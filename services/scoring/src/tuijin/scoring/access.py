"""Who may do what in scoring: the office of a region runs and publishes; the region reads published results.
The checks are the kernel's (:mod:`tuijin.kernel.access`)."""

from __future__ import annotations

from tuijin.kernel.access import RoleRequired, ensure_office_of, is_office_of

__all__ = ["RoleRequired", "ensure_office_of", "is_office_of"]
