import tuijin.issues.main  # noqa: F401  (imports every feature's tables)
from tuijin.issues.models import Base
from tuijin.kernel.migrations import run_env

run_env(Base.metadata)
