"""Tables of the scoring service."""

from tuijin.kernel.db import make_base
from tuijin.kernel.documents.numbering import document_tables
from tuijin.kernel.tables import kernel_tables

Base = make_base()
kernel = kernel_tables(Base.metadata)
documents = document_tables(Base.metadata)  # 发文字号 of ranking notices
