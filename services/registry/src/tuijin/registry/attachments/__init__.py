"""Attachments (附件) of the registry's records: photos of the works (形象进度照片) and documents on progress
reports, one table for every kind of record; the routes and rules are the kernel's
(:mod:`tuijin.kernel.attachments`)."""
