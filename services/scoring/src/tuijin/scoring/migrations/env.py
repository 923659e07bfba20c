import tuijin.scoring.main  # noqa: F401  (imports every domain's tables)
from tuijin.kernel.migrations import run_env
from tuijin.scoring.models import Base

run_env(Base.metadata)
