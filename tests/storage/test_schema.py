"""The schema under Alembic on SQLite and Postgres: from empty to the models' tables, cheap at head,
adopting a database made by create_all, and two upgraders at once."""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from storage import schema
from storage.db import make_engine
from storage.sql import SqlStore
from storage.tables import BlobRow, InboxRow, JobRow


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, settings) -> str:
    return settings.database_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")


@contextmanager
def statements():
    """Every SQL statement any engine sends meanwhile."""
    sent: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def columns(engine: Engine) -> dict[str, set[str]]:
    found = inspect(engine)
    return {t: {c["name"] for c in found.get_columns(t)} for t in found.get_table_names() if t != "alembic_version"}


def test_upgrade_from_empty_gives_the_tables_of_the_models(database_url):
    assert schema.upgrade(database_url) == schema.head() == "0004"
    engine = make_engine(database_url, upgrade=False)
    assert schema.current(engine) == schema.head()
    assert columns(engine) == {name: {c.name for c in table.columns} for name, table in SQLModel.metadata.tables.items()}
    with engine.connect() as conn:  # types, keys, indexes, nullability too
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata) == []


def test_upgrade_at_head_is_one_query_and_make_engine_checks_once(database_url):
    engine = make_engine(database_url, upgrade=False)
    assert schema.current(engine) is None
    schema.upgrade(engine)
    with statements() as sent:
        assert schema.upgrade(engine) == schema.head()
    assert sent == ["SELECT version_num FROM alembic_version"]
    make_engine(database_url)
    with statements() as sent:
        make_engine(database_url)
    assert sent == []


@pytest.mark.parametrize("old_tables", ["all", "without_llm"])
def test_a_database_made_by_create_all_is_adopted_and_upgraded(database_url, old_tables, caplog):
    old = [t for name, t in SQLModel.metadata.tables.items()
           if name not in (BlobRow.__tablename__, InboxRow.__tablename__) and not (old_tables == "without_llm" and name.startswith("llm_"))]
    legacy = make_engine(database_url, upgrade=False)
    SQLModel.metadata.create_all(legacy, tables=old)
    with Session(legacy) as s:
        s.add(JobRow(id="j1", tenant="t:1", channel="console", state="queued", sha256="a" * 64, blob_path="/x"))
        s.commit()
    assert schema.current(legacy) is None

    caplog.set_level(logging.INFO, logger="storage.schema")
    store = SqlStore(make_engine(database_url))
    created = "llm_cache, llm_usage" if old_tables == "without_llm" else "no table"
    assert f"adopting it at revision 0001 (creating {created})" in caplog.text
    assert schema.current(store.engine) == schema.head()
    assert store.get_job("j1").state == "queued"  # the data stays
    assert set(columns(store.engine)) == set(SQLModel.metadata.tables)


def test_two_upgraders_at_once_on_postgres(postgres_url):
    start = threading.Barrier(2)
    results: list[str] = []
    errors: list[BaseException] = []

    def upgrade() -> None:
        engine = make_engine(postgres_url, upgrade=False)
        try:
            start.wait(timeout=30)
            results.append(schema.upgrade(engine))
        except BaseException as exc:  # noqa: B036  (reported below, with its type)
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=upgrade) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == [] and results == [schema.head()] * 2
    assert schema.current(make_engine(postgres_url, upgrade=False)) == schema.head()


def test_processes_starting_together_on_a_new_sqlite_file_take_turns_to_migrate(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    code = "import sys; from storage.schema import upgrade; print(upgrade(sys.argv[1]))"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], [err[-500:] for _, err in outs]
    from storage.schema import head

    assert {out.strip() for out, _ in outs} == {head()}
