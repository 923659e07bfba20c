import tuijin.meetings.main  # noqa: F401  (imports every domain's tables)
from tuijin.kernel.migrations import run_env
from tuijin.meetings.models import Base

run_env(Base.metadata)
