"""The problems of statistics. They raise none of their own: a region's figures answer the region's 404
(``region_not_found``, raised by the registry's ``get_region``), declared here so the routes list it."""

from __future__ import annotations

from tuijin.registry.organisation.errors import RegionNotFound as RegionNotFound


