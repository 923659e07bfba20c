"""Attachments (附件) of the issues service's records: photos and documents on problems (and, later, on
inspections), one table for every kind of record; the routes and rules are the kernel's
(:mod:`tuijin.kernel.attachments`)."""
