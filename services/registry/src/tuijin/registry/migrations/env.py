import tuijin.registry.main  # noqa: F401  (imports every feature's tables)
from tuijin.kernel.migrations import run_env
from tuijin.registry.models import Base

run_env(Base.metadata)
