"""The schema under Alembic: `upgrade()` brings a database to the newest revision (adopting one that
`create_all` made before migrations), `current()` names its revision. make_engine calls `ensure_current`."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
ADOPTED_AT = "0001"  # the revision whose tables create_all made before there were migrations
LOCK_KEY = 0x1A7_0B07  # pg_advisory_xact_lock key: one upgrader at a time per Postgres database

_known_current: set[str] = set()  # URLs already at head in this process
_cache_lock = threading.Lock()


def config(connection: Connection | None = None) -> Config:
    """The Alembic configuration, built in code: the scripts live in the package, no alembic.ini."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))  # configparser syntax
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def current(engine: Engine) -> str | None:
    """The database's revision; None when Alembic has not touched it."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(target: str | Engine) -> str:
    """Bring the database at `target` (a URL or an engine) to head; the revision it is at afterwards.
    At head already, this is one query of the version."""
    if isinstance(target, str):
        from .db import make_engine  # db calls back here through ensure_current

        engine = make_engine(target, upgrade=False)
        try:
            return upgrade(engine)
        finally:
            engine.dispose()
    newest = head()
    return newest if _version(target) == newest else _upgrade(target)


def ensure_current(engine: Engine) -> None:
    """upgrade(), once per URL and process: make_engine calls it every time."""
    key = engine.url.render_as_string(hide_password=False)
    if key in _known_current:
        return
    upgrade(engine)
    if engine.url.database not in (None, "", ":memory:"):  # each in-memory engine is a new database
        with _cache_lock:
            _known_current.add(key)


def _version(engine: Engine) -> str | None:
    """One query; None when there is no version table yet."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def _upgrade(engine: Engine) -> str:
    with _sqlite_file_lock(engine):  # SQLite's DDL is not one transaction: processes take turns
        newest = head()
        if engine.dialect.name == "sqlite" and _version(engine) == newest:
            return newest  # another process did it while this one waited
        return _upgrade_now(engine)


@contextlib.contextmanager
def _sqlite_file_lock(engine: Engine):
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _upgrade_now(engine: Engine) -> str:
    with engine.begin() as conn:  # one transaction: Postgres holds the lock and runs the DDL inside it
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        cfg = config(conn)
        names = set(inspect(conn).get_table_names())
        if "alembic_version" not in names and "jobs" in names:  # create_all made it, before migrations
            missing = set(_revision_tables(cfg, ADOPTED_AT)) - names
            log.info("database made before migrations: adopting it at revision %s (creating %s)", ADOPTED_AT,
                     ", ".join(sorted(missing)) or "no table")
            if missing:  # 0001 keeps the tables it finds and creates the others
                command.upgrade(cfg, ADOPTED_AT)
            else:
                command.stamp(cfg, ADOPTED_AT)
        command.upgrade(cfg, "head")
        revision = MigrationContext.configure(conn).get_current_revision()
    log.info("database schema at revision %s", revision)
    return revision or ""


def _revision_tables(cfg: Config, revision: str) -> tuple[str, ...]:
    return ScriptDirectory.from_config(cfg).get_revision(revision).module.TABLES
