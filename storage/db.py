"""The database engine over DATABASE_URL: SQLite in WAL mode by default, Postgres with
postgresql+psycopg://; the schema is brought to the newest migration before the engine is returned."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import create_engine

from core.errors import StorageError


def make_engine(url: str, *, upgrade: bool = True) -> Engine:
    """The engine, at the newest schema; a database that cannot be opened or written (a read-only
    folder, a full disk, a server away) is a StorageError that says so plainly."""
    parsed = make_url(url)
    try:
        return _make_engine(url, parsed, upgrade)
    except (OSError, SQLAlchemyError) as exc:
        raise StorageError(unusable(parsed, exc)) from exc


def reason(exc: BaseException) -> str:
    """Why a database failed, in the driver's or the system's words (never an exception class)."""
    if isinstance(exc, DBAPIError) and str(exc.orig).strip():
        return str(exc.orig).strip().splitlines()[0][:200]
    if isinstance(exc, OSError):
        return (exc.strerror or "system error").lower()
    return "it did not answer"


def unusable(url: URL, exc: BaseException) -> str:
    where = url.render_as_string(hide_password=True)
    return (f"The database at {where} cannot be used ({reason(exc)}). Check DATABASE_URL; for SQLite, that its "
            "folder exists, is writable and has space.")


def _make_engine(url: str, parsed: URL, upgrade: bool) -> Engine:
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record) -> None:
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    if upgrade:
        from .schema import ensure_current  # schema builds its own engines through this function

        ensure_current(engine)
    return engine
