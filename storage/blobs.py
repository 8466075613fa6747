"""Stored documents as files under DATA_DIR, named by content hash (never by the sender's file name);
SqlBlobStore also keeps the bytes in the database, so that a worker on another machine can read them."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from core.errors import StorageError

from .tables import BlobRow

_HEX = frozenset("0123456789abcdef")


def _check_sha(sha256: str) -> None:
    if len(sha256) != 64 or not set(sha256) <= _HEX:
        raise ValueError("not a sha256 hex digest")


class FileBlobStore:
    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir) / "documents"

    def path_of(self, sha256: str) -> Path:
        _check_sha(sha256)
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, sha256: str) -> Path:
        path = self.path_of(sha256)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # writers of the same file
            with tmp.open("wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        return path

    def get(self, path: str) -> bytes:
        return Path(path).read_bytes()

    def ensure_local(self, path: str, sha256: str) -> Path:
        return Path(path)


class SqlBlobStore:
    """BlobStore over the `blobs` table with a FileBlobStore as this machine's cache. `put` stores the
    bytes once per hash and writes the cache file; `get` and `ensure_local` fetch a document that another
    machine stored (by hash, the file name) into the local cache first."""

    def __init__(self, engine: Engine, cache_dir: str | Path) -> None:
        self.engine = engine
        self.files = FileBlobStore(cache_dir)

    def put(self, data: bytes, sha256: str) -> Path:
        _check_sha(sha256)
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
