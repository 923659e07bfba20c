"""Tables of the scoring service."""

from tuijin.kernel.db import make_base
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)
