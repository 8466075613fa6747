"""Stored documents as files under DATA_DIR, named by content hash (never by the sender's file name)."""

from __future__ import annotations

import os
from pathlib import Path


class FileBlobStore:
    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir) / "documents"

    def put(self, data: bytes, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        path = self.root / sha256[:2] / sha256
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
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
