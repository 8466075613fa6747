"""Documents by content hash: SqlBlobStore lets machine B read what machine A stored, on SQLite and Postgres."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from sqlalchemy import func, select, update
from sqlmodel import Session

from core.errors import StorageError
from storage.blobs import FileBlobStore, SqlBlobStore
from storage.db import make_engine
from storage.tables import BlobRow

DATA = b"%PDF-1.4 an invoice\x00\xff" * 1000
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, settings):
    url = settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    return make_engine(url)


def test_machine_b_reads_what_machine_a_stored(engine, tmp_path):
    a = SqlBlobStore(engine, tmp_path / "a")
    b = SqlBlobStore(engine, tmp_path / "b")
    path_a = a.put(DATA, SHA)
    assert path_a == FileBlobStore(tmp_path / "a").path_of(SHA) and path_a.read_bytes() == DATA
    shutil.rmtree(tmp_path / "a")  # A's files are not on B

    local = b.ensure_local(str(path_a))
    assert local == tmp_path / "b" / "documents" / SHA[:2] / SHA and local.read_bytes() == DATA
    assert b.get(str(path_a)) == DATA
    assert b.ensure_local(local) == local  # the path on this machine is taken as it is


def test_get_fetches_into_the_cache_and_put_stores_once(engine, tmp_path):
    a = SqlBlobStore(engine, tmp_path / "a")
    path = a.put(DATA, SHA)
    a.put(DATA, SHA)
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(BlobRow)).scalar() == 1
        assert s.get(BlobRow, SHA).size == len(DATA)
    b = SqlBlobStore(engine, tmp_path / "b")
    assert b.get(f"/elsewhere/documents/{SHA[:2]}/{SHA}") == DATA
    assert (tmp_path / "b" / "documents" / SHA[:2] / SHA).read_bytes() == DATA
    assert path.exists()


def test_unknown_or_damaged_documents_are_refused(engine, tmp_path):
    store = SqlBlobStore(engine, tmp_path / "b")
    with pytest.raises(FileNotFoundError):
        store.get("/elsewhere/" + "0" * 64)
    with pytest.raises(ValueError):
        store.put(DATA, "not-a-hash")
    SqlBlobStore(engine, tmp_path / "a").put(DATA, SHA)
    with Session(engine) as s:
        s.execute(update(BlobRow).values(data=b"something else"))
        s.commit()
    with pytest.raises(StorageError):
        store.ensure_local("/elsewhere/" + SHA)
    assert not (tmp_path / "b" / "documents" / SHA[:2] / SHA).exists()


def test_threads_storing_the_same_file_at_once_all_succeed(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    data = b"%PDF-1.4 same bytes from two chats " * 20000
    sha = hashlib.sha256(data).hexdigest()
    store = FileBlobStore(tmp_path)
    with ThreadPoolExecutor(8) as pool:
        paths = list(pool.map(lambda _: store.put(data, sha), range(32)))
    assert {p.read_bytes() for p in paths} == {data}
    assert not list(paths[0].parent.glob("*.tmp"))


def test_a_file_over_the_limit_is_refused_before_a_byte_is_written(engine, tmp_path):
    from core.errors import DocumentTooLarge

    for store in (FileBlobStore(tmp_path / "f", max_bytes=len(DATA) - 1), SqlBlobStore(engine, tmp_path / "s",
                                                                                      max_bytes=len(DATA) - 1)):
        with pytest.raises(DocumentTooLarge):
            store.put(DATA, SHA)
    assert not (tmp_path / "f").exists() and not (tmp_path / "s").exists()
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(BlobRow)).scalar() == 0
    assert FileBlobStore(tmp_path / "f", max_bytes=len(DATA)).put(DATA, SHA).read_bytes() == DATA
