"""The FastAPI dependencies the routes share: the problem, letter, interview or inspection the caller may see (else 404,
never a hint whether it exists), and the region and period parameters of the figures."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from tuijin.issues.access import ScopeDep
from tuijin.issues.errors import InvalidRange
from tuijin.issues.inspections import repository as inspection_repo
from tuijin.issues.inspections.errors import InspectionNotFound
from tuijin.issues.inspections.models import Inspection
from tuijin.issues.interviews import repository as interview_repo
from tuijin.issues.interviews.errors import InterviewNotFound
from tuijin.issues.interviews.models import Interview
from tuijin.issues.letters import repository as letter_repo
from tuijin.issues.letters.errors import LetterNotFound
from tuijin.issues.letters.models import Letter
from tuijin.issues.problems import repository as problem_repo
from tuijin.issues.problems.errors import ProblemNotFound
from tuijin.issues.problems.models import Problem
from tuijin.issues.rectifications import repository as rectification_repo
from tuijin.issues.rectifications.errors import RectificationNotFound
from tuijin.issues.rectifications.models import Rectification
from tuijin.kernel.db import SessionDep
from tuijin.kernel.validation import BusinessDate

RegionCode = Annotated[str, Query(pattern=r"^\d{6}$", examples=["410324"])]
RegionFilter = Annotated[str | None, Query(pattern=r"^\d{6}$", examples=["410324"])]
From = Annotated[BusinessDate, Query(alias="from", description="first business date, e.g. 2026-10-01")]
To = Annotated[BusinessDate, Query(alias="to", description="last business date (included)")]
MAX_PERIOD_DAYS = 1830


def check_range(start: date, end: date, max_days: int | None = MAX_PERIOD_DAYS) -> None:
    """``to`` on or after ``from`` (and at most ``max_days`` later when given): else 400 ``invalid_range``."""
    if end < start:
        raise InvalidRange("`to` must be on or after `from`.")
    if max_days is not None and (end - start).days > max_days:
        raise InvalidRange("`to` must be at most five years after `from`.")


async def visible_problem(problem_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Problem:
    """The problem, if it exists and the caller may see it (else 404 ``problem_not_found``)."""
    problem = await problem_repo.get_visible(session, problem_id, scope)
    if problem is None:
        raise ProblemNotFound("No such problem.")
    return problem


async def visible_letter(letter_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Letter:
    """The letter, if the caller may see it (else 404 ``letter_not_found``)."""
    letter = await letter_repo.get_visible(session, letter_id, scope)
    if letter is None:
        raise LetterNotFound("No such letter.")
    return letter


async def visible_interview(interview_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Interview:
    """The interview record, if the caller may see it (else 404 ``interview_not_found``)."""
    interview = await interview_repo.get_visible(session, interview_id, scope)
    if interview is None:
        raise InterviewNotFound("No such interview.")
    return interview


async def visible_rectification(rectification_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Rectification:
    """The rectification, if the caller may see it (else 404 ``rectification_not_found``)."""
    rect = await rectification_repo.get_visible(session, rectification_id, scope)
    if rect is None:
        raise RectificationNotFound("No such rectification.")
    return rect
async def visible_inspection(inspection_id: uuid.UUID, session: SessionDep, scope: ScopeDep) -> Inspection:
    """The inspection, if the caller may see it (else 404 ``inspection_not_found``: an unannounced one is as
    missing to the inspected until it is recorded)."""
    inspection = await inspection_repo.get_visible(session, inspection_id, scope)
    if inspection is None:
        raise InspectionNotFound("No such inspection.")
    return inspection


VisibleProblem = Annotated[Problem, Depends(visible_problem)]
VisibleLetter = Annotated[Letter, Depends(visible_letter)]
VisibleInterview = Annotated[Interview, Depends(visible_interview)]
VisibleRectification = Annotated[Rectification, Depends(visible_rectification)]
VisibleInspection = Annotated[Inspection, Depends(visible_inspection)]
