from tuijin.issues.models import Base
from tuijin.kernel.migrations import run_env

run_env(Base.metadata)
