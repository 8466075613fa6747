"""Chat updates between the platform's answer and their handling, in the database (core.ports.Inbox).
Plain statements, no ORM session: a webhook call waits for `put`."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from .tables import InboxRow, utcnow

_T = InboxRow.__table__


class SqlInbox:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, channel: str, key: str, payload: str) -> bool:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(_T).values(channel=channel, key=key, payload=payload, created_at=utcnow()))
        except IntegrityError:
            return False
        return True

    def done(self, channel: str, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(_T).where(_T.c.channel == channel, _T.c.key == key))

    def pending(self, channel: str) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(_T.c.payload).where(_T.c.channel == channel)
                                .order_by(_T.c.created_at, _T.c.key))
            return [r[0] for r in rows]
