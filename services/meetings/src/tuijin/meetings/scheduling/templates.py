"""The region's meeting series as data (policy ``meeting_series``): the recurring meetings its document names, as
templates — the kind of meeting, the region's own name of it, its recurrence (RFC 5545 RRULE), who convenes and
who chairs it, and which level of the escalation ladder its agenda takes up. ``POST
/api/v1/meeting-series/from-template`` creates a region's series from one of them (docs/ladder-and-series.md).

Shipped default (a new region's starting set, our choice): the three recurring meetings of the platform's first
county (栾川, seed 000) — the systems' weekly meetings one after another, the joint approval meeting every half
month, and the county party committee and government's project meeting on the first Monday of each month (栾川 says
only 定期召开; monthly is our choice) — so that a region that has set nothing keeps the agendas it had: system
meetings take up the problems at the system meeting level, county meetings those at the county meeting level."""

from __future__ import annotations

from datetime import date, time

from pydantic import BaseModel, Field, model_validator

from tuijin.meetings.agendas.enums import ProblemLevel
from tuijin.meetings.scheduling import recurrence
from tuijin.meetings.scheduling.enums import MeetingType, NonWorkingDay, RotationMode

# the day a template's rule is checked from (a rule is anchored at the series' start date when it is created)
_CHECK_FROM = date(2026, 1, 5)


class SeriesTemplate(BaseModel):
    """One recurring meeting of the region: ``code`` (how the route names it), ``meeting_type``, ``name`` (the
    region's name of it, the series' title), ``rrule`` (its recurrence), ``convener`` and ``chair`` (who convenes and
    chairs it, in the region's words; the convening unit is named when the series is created), ``rotation``
    (set: one weekly series per system (体系) of the region, each convened by the system's convening unit, taking
    turns as the mode says; ``rrule`` is then ``FREQ=WEEKLY``), ``takes_level`` (the ladder's level whose open
    problems go on its agenda; null: none), the usual start time, length, non-working-day rule and how many days
    ahead the units submit."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$", examples=["dispatch"])
    meeting_type: MeetingType
    name: str = Field(min_length=1, max_length=60, examples=["项目推进调度例会"])
    rrule: str = Field(min_length=4, max_length=200, examples=["FREQ=MONTHLY;BYDAY=1MO"])
    rotation: RotationMode | None = Field(None, description="one series per system, taking turns in this mode")
    convener: str = Field(min_length=1, max_length=100, examples=["县政府常务副县长"])
    chair: str = Field("", max_length=50, examples=["县委、县政府主要领导"])
    takes_level: ProblemLevel | None = Field(None, description="the ladder's level its agenda takes up")
    start_time: time = Field(time(9), examples=["09:00"])
    duration_minutes: int = Field(120, ge=10, le=720)
    non_working_day: NonWorkingDay = NonWorkingDay.next_working_day
    submission_lead_days: int | None = Field(None, ge=0, le=60, description="units submit this many days ahead")

    @model_validator(mode="after")
    def _rule(self) -> SeriesTemplate:
        try:
            recurrence.parse_rule(self.rrule, _CHECK_FROM)
        except recurrence.InvalidRule as exc:
            raise ValueError(f"rrule: {exc}") from exc
        self.rrule = recurrence.normalise(self.rrule)
        if self.rotation is not None and self.rrule != "FREQ=WEEKLY":
            raise ValueError("a rotation of the systems meets weekly: its rrule is FREQ=WEEKLY (the rotation gives "
                             "each system its day)")
        if self.meeting_type is MeetingType.system_meeting and self.rotation is None:
            raise ValueError("a system meeting is held per system: give its rotation")
        return self


def _default_templates() -> list[SeriesTemplate]:
    return [
        SeriesTemplate(code="system_meetings", meeting_type=MeetingType.system_meeting, name="体系推进例会",
                       rrule="FREQ=WEEKLY", rotation=RotationMode.weekday_sequence, convener="各体系召集单位",
                       takes_level=ProblemLevel.system_meeting),
        SeriesTemplate(code="joint_approval", meeting_type=MeetingType.joint_approval, name="联审联批工作例会",
                       rrule="FREQ=MONTHLY;BYMONTHDAY=1,16", convener="县项目建设领导小组办公室"),
        SeriesTemplate(code="county_meeting", meeting_type=MeetingType.county_meeting, name="县委县政府项目例会",
                       rrule="FREQ=MONTHLY;BYDAY=1MO", convener="县委、县政府主要领导", chair="县委、县政府主要领导",
                       takes_level=ProblemLevel.county_meeting),
    ]


class MeetingSeriesPolicy(BaseModel):
    """The region's meeting series (例会) as templates, each with its kind, its name, its recurrence, who convenes
    it and the ladder's level its agenda takes up (at most one kind of meeting per level and one level per kind of
    meeting). ``POST /api/v1/meeting-series/from-template`` creates the region's series from one; a level no
    template takes up comes on no meeting's agenda by itself."""

    templates: list[SeriesTemplate] = Field(default_factory=_default_templates, max_length=20)

    @model_validator(mode="after")
    def _distinct(self) -> MeetingSeriesPolicy:
        codes = [t.code for t in self.templates]
        if len(set(codes)) != len(codes):
            raise ValueError("every template needs its own code")
        taken: dict[str, str] = {}
        for t in self.templates:
            if t.takes_level is None:
                continue
            level = ProblemLevel(t.takes_level).value
            if taken.get(level, t.meeting_type.value) != t.meeting_type.value:
                raise ValueError(f"the level {level} is taken up by one kind of meeting only")
            taken[level] = t.meeting_type.value
        kinds = list(taken.values())
        if len(set(kinds)) != len(kinds):
            raise ValueError("a kind of meeting takes up one level of the ladder only")
        return self

    def template(self, code: str) -> SeriesTemplate | None:
        return next((t for t in self.templates if t.code == code), None)

    def meeting_for(self, level: str) -> MeetingType | None:
        """The kind of meeting whose agenda takes up the problems at ``level`` (None: no meeting)."""
        return next((t.meeting_type for t in self.templates if t.takes_level is not None
                     and ProblemLevel(t.takes_level).value == level), None)

    def level_of(self, meeting_type: MeetingType | str) -> str | None:
        """The ladder's level whose problems a meeting of ``meeting_type`` takes up (None: none)."""
        kind = MeetingType(meeting_type)
        return next((ProblemLevel(t.takes_level).value for t in self.templates
                     if t.meeting_type is kind and t.takes_level is not None), None)
