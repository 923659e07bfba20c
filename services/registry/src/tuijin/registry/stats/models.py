"""Statistics own no table: they aggregate the projects, year plans, reports and lights of the other domains in
SQL (``stats/repository.py``)."""
