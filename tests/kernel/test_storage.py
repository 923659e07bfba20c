"""The storage interface (tuijin.kernel.storage): the local folder writes atomically and refuses any key that could
leave its folder; the S3 backend round-trips against a real S3-compatible server (moto's server mode on a loopback
port, reached over HTTP by boto3), not a mock of the client."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from tests.fixtures.s3 import s3_server as s3_server_at
from tuijin.kernel.storage import (
    InvalidKey,
    LocalStorage,
    ObjectNotFound,
    S3Storage,
    StorageError,
    StorageSettings,
    check_key,
    new_key,
    open_storage,
)

REFUSED_KEYS = [
    "../secret", "a/../../etc/passwd", "/etc/passwd", "..", ".", "a/./b", "a//b", "a/", "", "a\\..\\b",
    ".hidden", "a/.git/config", "a\x00b", "a\nb", "附件/照片.jpg", "x" * 600,
]


@pytest.mark.parametrize("key", REFUSED_KEYS)
def test_a_key_that_could_leave_the_folder_is_refused(key):
    """Only relative paths of safe segments (letters, digits, . _ -, never starting with a dot) are keys."""
    with pytest.raises(InvalidKey):
        check_key(key)


async def test_the_local_backend_refuses_traversal_keys_on_every_operation(tmp_path):
    """put/open/get/delete/exists each refuse a traversal key before touching the disk: nothing is written beside
    the root, and a file outside it is neither read nor removed."""
    root = tmp_path / "files"
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"do not touch")
    store = LocalStorage(root)
    for key in ("../secret.txt", "a/../../secret.txt", str(outside)):
        with pytest.raises(InvalidKey):
            await store.put(key, b"overwritten")
        with pytest.raises(InvalidKey):
            await store.get(key)
        with pytest.raises(InvalidKey):
            await store.delete(key)
        with pytest.raises(InvalidKey):
            await store.exists(key)
    assert outside.read_bytes() == b"do not touch"
    assert not root.exists() or not any(root.rglob("*"))


async def _chunks(n: int, size: int) -> AsyncIterator[bytes]:
    for i in range(n):
        yield bytes([i % 251]) * size


async def test_the_local_backend_round_trips_streams_and_leaves_no_temporary_file(tmp_path):
    store = LocalStorage(tmp_path)
    key = new_key("attachments", "problem")

    size = await store.put(key, _chunks(5, 300_000))

    assert size == 1_500_000
    assert await store.exists(key)
    assert await store.get(key) == b"".join([bytes([i % 251]) * 300_000 for i in range(5)])
    assert [p.name for p in (tmp_path / "attachments" / "problem").iterdir()] == [key.rsplit("/", 1)[1]]
    await store.delete(key)
    assert not await store.exists(key)
    await store.delete(key)  # removing an absent key is not an error
    with pytest.raises(ObjectNotFound):
        await store.get(key)


async def test_a_failed_local_write_leaves_neither_the_object_nor_a_temporary_file(tmp_path):
    """A write that breaks off midway (the source fails) leaves nothing: the old object, if any, stays whole."""
    store = LocalStorage(tmp_path)
    await store.put("a/b", b"the first version")

    async def broken() -> AsyncIterator[bytes]:
        yield b"half of the second"
        raise RuntimeError("connection lost")

    with pytest.raises(RuntimeError):
        await store.put("a/b", broken())

    assert await store.get("a/b") == b"the first version"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b"]


async def test_an_unwritable_local_folder_is_a_storage_error(tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "blocked"
        blocker.write_bytes(b"a file where a folder should be")
        store = LocalStorage(tmp_path)
        with pytest.raises(StorageError):
            await store.put("blocked/x", b"data")
    else:  # pragma: no cover - as an ordinary user a read-only folder does it too
        (tmp_path / "ro").mkdir(mode=0o500)
        with pytest.raises(StorageError):
            await LocalStorage(tmp_path / "ro").put("x", b"data")


# ---------------------------------------------------------------- S3 against a real S3-compatible server


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """moto's S3 server on a free loopback port (port 0: the OS picks one)."""
    with s3_server_at() as url:
        yield url


@pytest.fixture
def s3_settings(s3_server, monkeypatch) -> StorageSettings:
    for var in ("AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(var, raising=False)
    settings = StorageSettings(backend="s3", s3_endpoint_url=s3_server, s3_bucket="tuijin-evidence",
                               s3_access_key_id="tuijin", s3_secret_access_key=SecretStr("tuijin-secret"),
                               s3_region="us-east-1")
    store = open_storage(settings, Path("unused"), "issues")
    assert isinstance(store, S3Storage)
    existing = [b["Name"] for b in store.client.list_buckets().get("Buckets", [])]
    if "tuijin-evidence" not in existing:
        store.client.create_bucket(Bucket="tuijin-evidence")
    return settings


async def test_the_s3_backend_round_trips_against_an_s3_compatible_server(s3_settings):
    """Configured by settings (endpoint, bucket, keys, region) as for MinIO: put, exists, open in chunks, get,
    delete; the object lands under the app's own prefix in the bucket."""
    store = open_storage(s3_settings, Path("unused"), "issues")
    key = new_key("attachments", "problem")
    photo = os.urandom(700_000)

    assert await store.put(key, photo, content_type="image/jpeg") == len(photo)

    assert await store.exists(key)
    assert await store.get(key) == photo
    assert b"".join([c async for c in store.open(key)]) == photo
    head = store.client.head_object(Bucket="tuijin-evidence", Key=f"issues/{key}")
    assert head["ContentType"] == "image/jpeg"
    assert head["ContentLength"] == len(photo)
    await store.delete(key)
    assert not await store.exists(key)
    with pytest.raises(ObjectNotFound):
        await store.get(key)


async def test_the_s3_backend_sends_a_large_streamed_object_whole(s3_settings):
    """A streamed object over the multipart threshold (8 MB) arrives whole and in order."""
    store = open_storage(s3_settings, Path("unused"), "registry")
    size = await store.put("big/object", _chunks(36, 262_144))

    assert size == 36 * 262_144
    data = await store.get("big/object")
    assert len(data) == size
    assert data[:262_144] == bytes([0]) * 262_144 and data[-1:] == bytes([35])
    await store.delete("big/object")


async def test_the_s3_backend_refuses_traversal_keys_and_reports_a_missing_bucket(s3_settings, s3_server):
    store = open_storage(s3_settings, Path("unused"), "issues")
    with pytest.raises(InvalidKey):
        await store.put("../registry/x", b"data")
    missing = S3Storage(bucket="no-such-bucket", endpoint_url=s3_server, access_key_id="tuijin",
                        secret_access_key="tuijin-secret")
    with pytest.raises(StorageError):
        await missing.put("x", b"data")


async def test_both_backends_list_a_prefix_with_modification_times(s3_settings, tmp_path):
    """``listing`` yields every object under a prefix (whole segments: ``attachments`` is not ``attachments2``),
    with the key as given to ``put`` and an aware UTC time; S3 pages through more than one listing request."""
    from datetime import UTC, datetime, timedelta

    s3 = open_storage(s3_settings, Path("unused"), "meetings")
    local = LocalStorage(tmp_path)
    for store in (s3, local):
        keys = {f"attachments/site_visit/{i:04d}" for i in range(3)}
        for key in (*keys, "attachments2/x", "other/y"):
            await store.put(key, b"x")
        listed = [o async for o in store.listing("attachments")]
        assert {o.key for o in listed} == keys, store.name
        assert all(abs(o.modified_at - datetime.now(UTC)) < timedelta(minutes=5) for o in listed)
    store = S3Storage(bucket="tuijin-evidence", client=s3.client, prefix="paged")
    for i in range(1005):
        store.client.put_object(Bucket="tuijin-evidence", Key=f"paged/attachments/p/{i:05d}", Body=b"")
    assert len([o async for o in store.listing("attachments")]) == 1005


def test_the_local_backend_is_the_default_under_var(tmp_path):
    store = open_storage(StorageSettings(), tmp_path, "issues")
    assert isinstance(store, LocalStorage)
    assert store.root == (tmp_path / "files" / "issues").resolve()
