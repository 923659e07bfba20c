"""The configurable rules of this service with their shipped defaults. Every number is configuration
per region and year (stored in ``issue_policies``), never a constant in a rule."""

from __future__ import annotations

from itertools import pairwise

from pydantic import BaseModel, Field, model_validator

from tuijin.issues.interviews.enums import InterviewReason
from tuijin.issues.letters.enums import GRADES, LetterGrade
from tuijin.issues.problems.enums import LADDER, ProblemLevel, level_rank


class LevelRule(BaseModel):
    """One rung of the region's ladder: ``level`` (which of the platform's levels it is), ``name`` (what the region
    calls it, e.g. 州重点办协调会) and ``working_days``: a problem not solved within them goes up to the region's next
    level."""

    level: ProblemLevel
    name: str = Field("", max_length=40, description="the region's own name of the level; empty: the level's label",
                      examples=["州重点办协调会"])
    working_days: int | None = Field(
        description="working days at this level before the problem goes up; null: it stays (leadership)", ge=1, le=250
    )

    @model_validator(mode="after")
    def _named(self) -> LevelRule:
        if not self.name.strip():
            self.name = ProblemLevel(self.level).label
        return self


class LadderPolicy(BaseModel):
    """The region's escalation ladder: an ordered list of level rules, any subsequence of team → system_meeting →
    county_meeting → leadership that starts with team and ends with leadership (楚雄: 责任部门 → 州重点办协调会 →
    州人民政府, no system meeting), each level under the region's own name with its working-day timer; and the
    answer timers: an asked unit answers within ``answer_working_days`` (楚雄 4, 惠济 3) and lists missing documents
    all at once within ``documents_working_days`` (惠济 1). All in working days. A problem at a level the ladder
    no longer has keeps it (docs/ladder-and-series.md)."""

    levels: list[LevelRule] = Field(
        default_factory=lambda: [
            LevelRule(level=ProblemLevel.team, working_days=5),
            LevelRule(level=ProblemLevel.system_meeting, working_days=5),
            LevelRule(level=ProblemLevel.county_meeting, working_days=20),
            LevelRule(level=ProblemLevel.leadership, working_days=None),
        ],
        min_length=2,
        max_length=len(LADDER),
    )
    answer_working_days: int = Field(4, ge=1, le=60)
    documents_working_days: int = Field(1, ge=1, le=30)

    @model_validator(mode="after")
    def _ladder(self) -> LadderPolicy:
        ranks = [level_rank(r.level) for r in self.levels]
        if ranks[0] != 0 or ranks[-1] != len(LADDER) - 1 or any(b <= a for a, b in pairwise(ranks)):
            raise ValueError("levels must start with team, end with leadership and keep the order team, "
                             "system_meeting, county_meeting, leadership (a level may be left out)")
        if self.levels[-1].working_days is not None:
            raise ValueError("leadership is the last level: its working_days must be null")
        if any(r.working_days is None for r in self.levels[:-1]):
            raise ValueError("every level below leadership needs its working_days")
        return self

    @property
    def order(self) -> tuple[ProblemLevel, ...]:
        """The region's levels, lowest first."""
        return tuple(ProblemLevel(r.level) for r in self.levels)

    def has(self, level: ProblemLevel | str) -> bool:
        return ProblemLevel(level) in self.order

    def rule_at(self, level: ProblemLevel | str) -> LevelRule | None:
        return next((r for r in self.levels if r.level == ProblemLevel(level)), None)

    def working_days_at(self, level: ProblemLevel | str) -> int | None:
        """The level's timer; None at leadership and at a level the region's ladder does not have."""
        rule = self.rule_at(level)
        return rule.working_days if rule is not None else None

    def name_of(self, level: ProblemLevel | str) -> str:
        """What the region calls ``level`` (the level's label when its ladder does not have it)."""
        rule = self.rule_at(level)
        return rule.name if rule is not None else ProblemLevel(level).label

    def next_level(self, level: ProblemLevel | str) -> ProblemLevel | None:
        """The region's next level above ``level`` (also from a level its ladder no longer has); None at the top."""
        rank = level_rank(level)
        return next((lv for lv in self.order if level_rank(lv) > rank), None)

    def lower_level(self, level: ProblemLevel | str) -> ProblemLevel | None:
        """The region's level just below ``level``; None at team."""
        rank = level_rank(level)
        return next((lv for lv in reversed(self.order) if level_rank(lv) < rank), None)


# the seed counties' ladders (楚雄 answers within 4 working days, 惠济 within 3 and lists missing documents within 1)
# are their region profiles' issues/ladder.yaml (libs/kernel/src/tuijin/kernel/profiles)


class LetterStep(BaseModel):
    """A letter of ``grade`` goes out once the subject is ``overdue_working_days`` working days overdue."""

    grade: LetterGrade
    overdue_working_days: int = Field(ge=0, le=250)


class LetterRules(BaseModel):
    """Supervision letters (清水: 提醒函 → 推进函 → 督办函). Each grade numbers per region and year under its own
    字号 prefix, and the issuer is the region's issuing authority: both are the registry's ``documents`` policy
    (the region's official-document format, docs/documents.md). An overdue answer to a problem draws the
    highest step reached in ``answer_overdue_steps``; an overdue decided item, a warning light or an overdue
    report draws a letter of the configured grade (null: none), one grade higher for each earlier letter on the
    same subject that year when ``repeats_escalate``."""

    reply_working_days: int = Field(5, ge=1, le=60, description="the addressee replies within this many working days")
    answer_overdue_steps: list[LetterStep] = Field(
        default_factory=lambda: [
            LetterStep(grade=LetterGrade.reminder, overdue_working_days=1),
            LetterStep(grade=LetterGrade.push, overdue_working_days=3),
            LetterStep(grade=LetterGrade.supervision, overdue_working_days=5),
        ]
    )
    decided_item_grade: LetterGrade | None = LetterGrade.push
    start_light_grade: LetterGrade | None = Field(LetterGrade.push, description="project not started on time")
    progress_light_grade: LetterGrade | None = Field(LetterGrade.reminder, description="project moving slowly")
    light_colours: list[str] = Field(default_factory=lambda: ["red"], description="light colours that draw a letter")
    report_overdue_grade: LetterGrade | None = LetterGrade.reminder
    repeats_escalate: bool = True

    @model_validator(mode="after")
    def _steps_ordered(self) -> LetterRules:
        steps = self.answer_overdue_steps
        for a, b in pairwise(steps):
            if GRADES.index(b.grade) <= GRADES.index(a.grade) or b.overdue_working_days <= a.overdue_working_days:
                raise ValueError("answer_overdue_steps must rise in grade and in overdue_working_days")
        return self


class InterviewThresholds(BaseModel):
    """Who the service proposes for an interview (约谈, 栾川): projects not started by their planned start (应开未开:
    start light in ``slow_start_colours``), started but not moving (开而未动: progress light in
    ``not_moving_progress_colours``), moving slowly (动而迟缓: progress light in ``slow_progress_colours``) — the
    progress light counts only for a project whose start light is green (started, or not yet due) —, or with
    problems long unsolved (open more than ``unsolved_working_days`` working days,
    or at leadership level when ``leadership_level_counts``), or criticised in a ranking published within
    ``ranked_last_within_days`` days."""

    not_moving_progress_colours: list[str] = Field(default_factory=lambda: ["red"])
    slow_progress_colours: list[str] = Field(default_factory=lambda: ["yellow"])
    slow_start_colours: list[str] = Field(default_factory=lambda: ["red"])
    unsolved_working_days: int = Field(20, ge=1, le=500)
    leadership_level_counts: bool = True
    ranked_last_within_days: int = Field(
        100, ge=1, le=400,
        description="a project criticised in a ranking published within this many days is proposed (考核排名靠后)",
    )
    reasons: list[InterviewReason] = Field(
        default_factory=lambda: [
            InterviewReason.not_started_on_time,
            InterviewReason.started_not_moving,
            InterviewReason.moving_slowly,
            InterviewReason.problems_long_unsolved,
            InterviewReason.ranked_last,
        ],
        description="the reasons proposed at all",
    )


POLICIES: dict[str, type[BaseModel]] = {
    "ladder": LadderPolicy,
    "letters": LetterRules,
    "interviews": InterviewThresholds,
}
