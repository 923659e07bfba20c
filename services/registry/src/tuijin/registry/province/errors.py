"""The provincial platform adapter's problems, one class per code (省平台对接的错误). A route lists the classes its
handler, its dependencies and the functions it calls can raise; each code has its zh-CN text in
:mod:`tuijin.registry.messages`.

A problem about one field of the request (or of a pushed item) subclasses :class:`FieldProblem`, which names
the field in ``errors[]`` as the kernel's ``invalid_field`` does."""

from __future__ import annotations

from tuijin.kernel.errors import (
    BadGateway,
    Conflict,
    FieldProblem,
    NotFound,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
)
from tuijin.registry.organisation.errors import RegionNotFound as RegionNotFound
from tuijin.registry.projects.errors import NationalCodeTaken as NationalCodeTaken
from tuijin.registry.projects.errors import ProjectNotFound as ProjectNotFound
from tuijin.registry.reports.errors import ReportWriterRequired as ReportWriterRequired

# ---------------------------------------------------------------- configuration and the platform's answers


class ProvinceNotConfigured(NotFound):
    code = "province_not_configured"


class ProvinceDisabled(Conflict):
    code = "province_disabled"


class ProvinceSecretMissing(Conflict):
    code = "province_secret_missing"


class BaseUrlNotAllowed(FieldProblem):
    code = "base_url_not_allowed"


class SecretRefNotAllowed(FieldProblem):
    code = "secret_ref_not_allowed"


class AddressRefused(Conflict):
    """A call to an address no admin allowed (409 at call time; 422 naming base_url at configuration)."""

    code = "province_address_not_allowed"


class PlatformUnavailable(ServiceUnavailable):
    """The platform did not answer, or answered 5xx, after the retries."""

    code = "province_unavailable"


class PlatformThrottled(ServiceUnavailable):
    """The platform answered 429: no call to it before its ``Retry-After`` (kept on the pull cursor; the
    answer carries the seconds left in ``Retry-After``)."""

    code = "province_throttled"

    def __init__(self, detail: str, *, retry_after: float) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.headers["Retry-After"] = str(max(int(retry_after + 0.999), 1))


class PlatformRefused(BadGateway):
    """The platform answered 4xx (other than 404 on a project code), or a redirect."""

    code = "province_refused"


class PlatformBadAnswer(Unprocessable):
    """The platform's answer is not the JSON the contract agrees."""

    code = "province_bad_answer"


# what every call to the platform can answer: its configuration, its credential, its address and the platform
PLATFORM_CALL = (
    ProvinceNotConfigured, ProvinceDisabled, ProvinceSecretMissing, AddressRefused,
    PlatformUnavailable, PlatformThrottled, PlatformRefused, PlatformBadAnswer,
)


# ---------------------------------------------------------------- links and mapping


class InvalidReference(FieldProblem):
    code = "invalid_reference"


class FieldRequired(FieldProblem):
    code = "required"


class NationalCodeMismatch(FieldProblem):
    code = "national_code_mismatch"


class AlreadyLinked(Conflict):
    code = "already_linked"


class UnknownOnPlatform(FieldProblem):
    code = "unknown_on_platform"


class LinkNotFound(NotFound):
    code = "link_not_found"


class ItemAlreadyMapped(Conflict):
    code = "item_already_mapped"


class ProcedureTypeAlreadyMapped(Conflict):
    """Two platform items would fill in one procedure of a project: one's withdrawal would undo the other's
    approval. One item per procedure type and region."""

    code = "procedure_type_already_mapped"


class MappingNotFound(NotFound):
    code = "mapping_not_found"


# ---------------------------------------------------------------- applying an item change (kept in the sync log)


class ProjectNotLinked(FieldProblem):
    code = "project_not_linked"


class ItemNotMapped(FieldProblem):
    code = "item_not_mapped"


class DocumentMissing(FieldProblem):
    code = "missing"


class DateInFuture(FieldProblem):
    code = "date_in_future"


class ProcedureTypeInactive(FieldProblem):
    code = "procedure_type_inactive"


class SyncEntryNotFound(NotFound):
    code = "sync_entry_not_found"


class NotFailed(Conflict):
    code = "not_failed"


class AlreadyReplayed(Conflict):
    code = "already_replayed"


# ---------------------------------------------------------------- the webhook


class WebhookNotConfigured(Unauthorized):
    code = "webhook_not_configured"


class SignatureMissing(Unauthorized):
    code = "signature_missing"


class TimestampInvalid(Unauthorized):
    code = "timestamp_invalid"


class TimestampStale(Unauthorized):
    code = "timestamp_stale"


class SignatureInvalid(Unauthorized):
    code = "signature_invalid"


class WebhookBodyInvalid(Unprocessable):
    code = "webhook_body_invalid"


# ---------------------------------------------------------------- outgoing reports


class NotReportingToProvince(Conflict):
    code = "not_reporting_to_province"


class OutboundReportNotFound(NotFound):
    code = "outbound_report_not_found"


class AlreadyDelivered(Conflict):
    code = "already_delivered"


# ---------------------------------------------------------------- registry problems the adapter's routes pass on
# (raised by the registry helpers they call: the region of a configuration or mapping, the project of a report)


