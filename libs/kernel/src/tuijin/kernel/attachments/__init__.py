"""Attachments (附件): photos and documents kept as evidence on a record (a problem, a progress report; later an
inspection or a site visit). The content goes to the app's :mod:`~tuijin.kernel.storage`; a metadata row goes to
the owning service's own table (:class:`~tuijin.kernel.attachments.models.AttachmentMixin`). The same routes
(:func:`~tuijin.kernel.attachments.routes.add_attachment_routes`) serve every kind of record: the owning domain
says who may see the record, who may add to it and whether it still takes changes."""
