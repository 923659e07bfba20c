"""Tables of the meetings service: the declarative base with the kernel's tables; each domain folder
(scheduling, agendas, attendance, minutes) defines its own tables on this base."""

from tuijin.kernel.db import make_base
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)

# every domain's tables, so that Base.metadata is complete wherever this module is imported
import tuijin.meetings.agendas.models  # noqa: E402
import tuijin.meetings.attendance.models  # noqa: E402
import tuijin.meetings.minutes.models  # noqa: E402
import tuijin.meetings.scheduling.models  # noqa: E402, F401
