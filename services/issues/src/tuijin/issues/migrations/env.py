from tuijin.kernel.migrations import run_env
from tuijin.issues.models import Base

run_env(Base.metadata)
