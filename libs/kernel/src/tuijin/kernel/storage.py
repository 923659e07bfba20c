"""Object storage for files people upload (photos and documents, 附件): one interface, two backends.

- :class:`LocalStorage`: a folder on the local filesystem, by default ``<var_dir>/files`` (the embedded default).
  A key is a relative path of safe segments; a write goes to a temporary file beside its target and is renamed
  into place, so a reader never sees half a file.
- :class:`S3Storage`: any S3-compatible object store (production; MinIO in a county's own server room), through
  boto3. boto3 is synchronous: every call runs in a worker thread, never on the event loop.

Both take and give bytes in chunks (``put`` accepts ``bytes`` or an async iterable of chunks, ``open`` yields
chunks), so a large file never has to be held whole. Which backend an app uses is :class:`StorageSettings`
(``TUIJIN_STORAGE_*``); :func:`open_storage` builds it.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

import anyio
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

CHUNK = 256 * 1024
"""Bytes per chunk read from or written to a backend."""

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
MAX_KEY_LENGTH = 512


class StorageError(Exception):
    """A backend failed (unreachable, refused, out of space). The caller writes nothing that refers to the key."""


class ObjectNotFound(StorageError):
    """No object under that key."""


class InvalidKey(ValueError):
    """A key that is not a relative path of safe segments (``..``, an absolute path, a backslash, a control
    character, an empty segment): refused before any backend sees it."""


def check_key(key: str) -> str:
    """``key`` if it is safe: segments of letters, digits, ``.``, ``_`` and ``-``, each starting with a letter or
    a digit (so never ``.`` or ``..``), joined by ``/``; else :class:`InvalidKey`."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidKey(f"invalid storage key {key!r}")
    segments = key.split("/")
    if not all(_SEGMENT.match(s) for s in segments):
        raise InvalidKey(f"invalid storage key {key!r}")
    return key


Chunks = bytes | AsyncIterable[bytes]


@dataclass(frozen=True)
class StoredObject:
    key: str
    modified_at: datetime
    """When it was last written (aware, UTC)."""


async def _iterate(data: Chunks) -> AsyncIterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start:start + CHUNK])
        return
    async for chunk in data:
        if chunk:
            yield chunk


class Storage(Protocol):
    """What every backend does. Keys are checked by :func:`check_key`."""

    name: str

    async def put(self, key: str, data: Chunks, *, content_type: str = "application/octet-stream") -> int:
        """Store ``data`` under ``key`` (replacing what was there) and return its size in bytes. Either the whole
        object is stored or none of it."""
        ...

    def open(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes in chunks (:class:`ObjectNotFound` on the first iteration when absent)."""
        ...

    async def get(self, key: str) -> bytes:
        """The whole object (for small ones: thumbnails, tests)."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the object; removing an absent key is not an error."""
        ...

    async def exists(self, key: str) -> bool:
        ...

    def listing(self, prefix: str) -> AsyncIterator[StoredObject]:
        """Every object whose key starts with ``prefix`` (a safe key: whole segments), with its last change."""
        ...


async def _read_all(chunks: AsyncIterator[bytes]) -> bytes:
    parts = [c async for c in chunks]
    return b"".join(parts)


class LocalStorage:
    """Files under ``root``: ``root/<key>``. Writes are atomic (temporary file in the same folder, fsync, rename)."""

    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def path_of(self, key: str) -> Path:
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root):  # belt and braces: check_key already refuses any escape
            raise InvalidKey(f"invalid storage key {key!r}")
        return path

    async def put(self, key: str, data: Chunks, *, content_type: str = "application/octet-stream") -> int:
        path = self.path_of(key)
        try:
            await anyio.to_thread.run_sync(lambda: path.parent.mkdir(parents=True, exist_ok=True))
            fd, tmp = await anyio.to_thread.run_sync(
                lambda: tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
        except OSError as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                async for chunk in _iterate(data):
                    await anyio.to_thread.run_sync(out.write, chunk)
                    size += len(chunk)
                await anyio.to_thread.run_sync(out.flush)
                await anyio.to_thread.run_sync(os.fsync, out.fileno())
            await anyio.to_thread.run_sync(os.replace, tmp, path)
        except BaseException as exc:
            await anyio.to_thread.run_sync(lambda: Path(tmp).unlink(missing_ok=True))
            if isinstance(exc, OSError):
                raise StorageError(f"cannot write {key}: {exc}") from exc
            raise
        return size

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = self.path_of(key)
        try:
            handle = await anyio.to_thread.run_sync(path.open, "rb")
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc
        except OSError as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc
        try:
            while chunk := await anyio.to_thread.run_sync(handle.read, CHUNK):
                yield chunk
        finally:
            handle.close()

    async def get(self, key: str) -> bytes:
        return await _read_all(self.open(key))

    async def delete(self, key: str) -> None:
        path = self.path_of(key)
        try:
            await anyio.to_thread.run_sync(lambda: path.unlink(missing_ok=True))
        except OSError as exc:
            raise StorageError(f"cannot delete {key}: {exc}") from exc

    async def exists(self, key: str) -> bool:
        path = self.path_of(key)
        return await anyio.to_thread.run_sync(path.is_file)

    async def listing(self, prefix: str) -> AsyncIterator[StoredObject]:
        folder = self.path_of(prefix)

        def walk() -> list[StoredObject]:
            if not folder.is_dir():
                return []
            found = []
            for path in folder.rglob("*"):
                if path.is_file() and not path.name.startswith("."):  # a temporary .part file is not an object
                    found.append(StoredObject(path.relative_to(self.root).as_posix(),
                                              datetime.fromtimestamp(path.stat().st_mtime, UTC)))
            return found

        for item in await anyio.to_thread.run_sync(walk):
            yield item


class S3Storage:
    """Objects in one bucket of an S3-compatible store, under an optional key prefix."""

    name = "s3"

    def __init__(self, *, bucket: str, endpoint_url: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None, region: str = "us-east-1", prefix: str = "",
                 addressing_style: str = "path", client: Any = None) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if self.prefix:
            check_key(self.prefix)
        self.client = client or boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None, region_name=region,
            config=Config(s3={"addressing_style": addressing_style}, retries={"max_attempts": 3, "mode": "standard"},
                          connect_timeout=5, read_timeout=30),
        )

    def _key(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    @staticmethod
    def _missing(exc: Exception) -> bool:
        error = getattr(exc, "response", {}).get("Error", {})
        return str(error.get("Code")) in ("404", "NoSuchKey", "NotFound")

    async def put(self, key: str, data: Chunks, *, content_type: str = "application/octet-stream") -> int:
        from botocore.exceptions import BotoCoreError, ClientError

        full = self._key(key)
        # spooled: small objects stay in memory, large ones go to a temporary file; upload_fileobj sends a large
        # object in parts (multipart upload) and aborts the upload if a part fails, so no half object is left
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        size = 0
        try:
            async for chunk in _iterate(data):
                await anyio.to_thread.run_sync(spool.write, chunk)
                size += len(chunk)
            spool.seek(0)
            await anyio.to_thread.run_sync(lambda: self.client.upload_fileobj(
                spool, self.bucket, full, ExtraArgs={"ContentType": content_type}))
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"cannot write {key}: {exc}") from exc
        finally:
            spool.close()
        return size

    async def open(self, key: str) -> AsyncIterator[bytes]:
        from botocore.exceptions import BotoCoreError, ClientError

        full = self._key(key)
        try:
            answer = await anyio.to_thread.run_sync(lambda: self.client.get_object(Bucket=self.bucket, Key=full))
        except ClientError as exc:
            if self._missing(exc):
                raise ObjectNotFound(key) from exc
            raise StorageError(f"cannot read {key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"cannot read {key}: {exc}") from exc
        body = answer["Body"]
        try:
            while chunk := await anyio.to_thread.run_sync(body.read, CHUNK):
                yield chunk
        finally:
            body.close()

    async def get(self, key: str) -> bytes:
        return await _read_all(self.open(key))

    async def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        full = self._key(key)
        try:
            await anyio.to_thread.run_sync(lambda: self.client.delete_object(Bucket=self.bucket, Key=full))
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"cannot delete {key}: {exc}") from exc

    async def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        full = self._key(key)
        try:
            await anyio.to_thread.run_sync(lambda: self.client.head_object(Bucket=self.bucket, Key=full))
        except ClientError as exc:
            if self._missing(exc):
                return False
            raise StorageError(f"cannot look up {key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"cannot look up {key}: {exc}") from exc
        return True

    async def listing(self, prefix: str) -> AsyncIterator[StoredObject]:
        from botocore.exceptions import BotoCoreError, ClientError

        full = self._key(prefix) + "/"
        strip = len(self.prefix) + 1 if self.prefix else 0
        token: str | None = None
        while True:
            kwargs = {"Bucket": self.bucket, "Prefix": full, **({"ContinuationToken": token} if token else {})}
            try:
                page = await anyio.to_thread.run_sync(lambda kw=kwargs: self.client.list_objects_v2(**kw))
            except (BotoCoreError, ClientError) as exc:
                raise StorageError(f"cannot list {prefix}: {exc}") from exc
            for item in page.get("Contents", []):
                yield StoredObject(item["Key"][strip:], item["LastModified"].astimezone(UTC))
            token = page.get("NextContinuationToken")
            if not page.get("IsTruncated") or not token:
                return


class StorageSettings(BaseSettings):
    """Where uploaded files are kept (prefix ``TUIJIN_STORAGE_``), shared by every app: each app keeps its files
    under its own name (``<app>/...``) in the same folder or bucket."""

    model_config = SettingsConfigDict(env_prefix="TUIJIN_STORAGE_", extra="ignore")

    backend: Literal["local", "s3"] = Field("local", description="local (a folder) | s3 (an S3-compatible store)")
    local_dir: Path | None = Field(None, description="the folder of the local backend (default <var_dir>/files)")
    s3_endpoint_url: str = Field("", description="e.g. http://minio.internal:9000 (empty: AWS's own endpoint)")
    s3_bucket: str = Field("tuijin", description="the bucket (created by the operator, see docs/evidence.md)")
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    s3_region: str = Field("us-east-1", description="MinIO accepts any; us-east-1 is its default")
    s3_prefix: str = Field("", description="a key prefix inside the bucket, when the bucket is shared")
    s3_addressing_style: Literal["path", "virtual", "auto"] = Field(
        "path", description="path (MinIO's default: http://host:9000/bucket/key) or virtual-host style")


def open_storage(settings: StorageSettings, var_dir: Path, app: str) -> Storage:
    """The backend ``settings`` name, with the app's own key space (``<app>/``)."""
    if settings.backend == "s3":
        prefix = "/".join(p for p in (settings.s3_prefix.strip("/"), app) if p)
        return S3Storage(
            bucket=settings.s3_bucket, endpoint_url=settings.s3_endpoint_url or None,
            access_key_id=settings.s3_access_key_id or None,
            secret_access_key=settings.s3_secret_access_key.get_secret_value() or None,
            region=settings.s3_region, prefix=prefix, addressing_style=settings.s3_addressing_style,
        )
    return LocalStorage((settings.local_dir or Path(var_dir) / "files") / app)


def new_key(*parts: str) -> str:
    """A fresh key under ``parts`` (each a safe segment): ``attachments/problem/<uuid>``."""
    return check_key("/".join([*parts, uuid.uuid4().hex]))
