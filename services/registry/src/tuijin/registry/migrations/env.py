from tuijin.kernel.migrations import run_env
from tuijin.registry.models import Base

run_env(Base.metadata)
