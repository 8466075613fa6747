"""`invoicebot db upgrade | current`: the schema of DATABASE_URL under its migrations."""

from __future__ import annotations

import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from storage import schema
from storage.db import make_engine, reason

from .settings import Settings


def run_db(settings: Settings, action: str) -> int:
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    try:
        if action == "upgrade":
            print(f"{where}: at revision {schema.upgrade(settings.database_url)} (newest)")
            return 0
        engine = make_engine(settings.database_url, upgrade=False)
        try:
            print(schema.current(engine) or "none")
        finally:
            engine.dispose()
        return 0
    except (SQLAlchemyError, OSError) as exc:
        print(f"invoicebot db {action}: {where}: {reason(exc)}", file=sys.stderr)
        return 1
