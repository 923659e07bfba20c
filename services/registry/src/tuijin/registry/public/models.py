"""The public view owns no table: it reads what is published of projects, year plans, node plans, teams and
verified reports (``public/repository.py``)."""
