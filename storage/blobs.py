"""Stored documents as files under DATA_DIR, named by content hash (never by the sender's file name);
SqlBlobStore also keeps the bytes in the database, so that a worker on another machine can read them.
A file over MAX_FILE_MB is refused before a byte of it is written; a full disk leaves no partial file."""

from __future__ import annotations

import errno
import hashlib
import os
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from core.errors import DocumentTooLarge, StorageError

from .tables import BlobRow

_HEX = frozenset("0123456789abcdef")


def _check_sha(sha256: str) -> None:
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError("not a sha256 hex digest")


_MB = 1024 * 1024
_FULL = (errno.ENOSPC, errno.EDQUOT)


def check_size(data: bytes, max_bytes: int | None) -> None:
    """Refuse a file over the limit before anything of it is written (the reader would refuse it later)."""
    if max_bytes is not None and len(data) > max_bytes:
        raise DocumentTooLarge("file", round(len(data) / _MB, 1), round(max_bytes / _MB, 1), "MB")


def not_stored(exc: OSError) -> StorageError:
    """An OSError while storing, as the plain answer the sender gets (the details go to the log)."""
    if exc.errno in _FULL:
        why = "there is no space left on the bot's disk"
    elif exc.errno == errno.EROFS:
        why = "the bot's storage is read-only"
    else:
        why = f"the bot's storage refused it ({(exc.strerror or 'system error').lower()})"
    return StorageError(f"I could not store your file: {why}. Nothing was kept; please send it again later.")


class FileBlobStore:
    def __init__(self, data_dir: str | Path, max_bytes: int | None = None) -> None:
        self.root = Path(data_dir) / "documents"
        self.max_bytes = max_bytes  # MAX_FILE_MB: larger files are refused before they are written

    def path_of(self, sha256: str) -> Path:
        _check_sha(sha256)
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, sha256: str) -> Path:
        check_size(data, self.max_bytes)
        path = self.path_of(sha256)
        if path.exists():
            return path
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # writers of the same file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:  # a full or read-only disk: no half-written file stays behind
            tmp.unlink(missing_ok=True)
            raise not_stored(exc) from exc
        return path

    def get(self, path: str) -> bytes:
        return Path(path).read_bytes()

    def ensure_local(self, path: str, sha256: str) -> Path:
        return Path(path)


class SqlBlobStore:
    """BlobStore over the `blobs` table with a FileBlobStore as this machine's cache. `put` stores the
    bytes once per hash and writes the cache file; `get` and `ensure_local` fetch a document that another
    machine stored (by hash, the file name) into the local cache first."""

    def __init__(self, engine: Engine, cache_dir: str | Path, max_bytes: int | None = None) -> None:
        self.engine = engine
        self.files = FileBlobStore(cache_dir, max_bytes)

    def put(self, data: bytes, sha256: str) -> Path:
        _check_sha(sha256)
        check_size(data, self.files.max_bytes)
        with Session(self.engine) as s:
            present = s.execute(select(BlobRow.sha256).where(BlobRow.sha256 == sha256)).first()
        if present is None:
            try:
                with Session(self.engine) as s:
                    s.add(BlobRow(sha256=sha256, data=data, size=len(data)))
                    s.commit()
            except IntegrityError:
                pass  # stored by another process in the meantime: the same bytes
        return self.files.put(data, sha256)

    def get(self, path: str) -> bytes:
        return self.ensure_local(path).read_bytes()

    def ensure_local(self, path: str | Path, sha256: str | None = None) -> Path:
        """A path on this machine with the document's bytes: the cache file, fetched from the database
        when missing."""
        path = Path(path)  # another machine's path: only its name (the hash) is of use here
        sha256 = sha256 or path.name
        _check_sha(sha256)
        local = self.files.path_of(sha256)
        if local.exists():
            return local
        with Session(self.engine) as s:
            data = s.execute(select(BlobRow.data).where(BlobRow.sha256 == sha256)).scalar()
        if data is None:
            raise FileNotFoundError(f"document {sha256} is neither on this machine nor in the database")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StorageError(f"stored document {sha256} does not match its hash")
        return self.files.put(bytes(data), sha256)
