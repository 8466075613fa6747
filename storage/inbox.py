"""Chat updates between the platform's answer and their handling, in the database (core.ports.Inbox)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from .tables import InboxRow


class SqlInbox:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def put(self, channel: str, key: str, payload: str) -> bool:
        with Session(self.engine) as s:
            s.add(InboxRow(channel=channel, key=key, payload=payload))
            try:
                s.commit()
            except IntegrityError:
                return False
        return True

    def done(self, channel: str, key: str) -> None:
        with Session(self.engine) as s:
            s.execute(delete(InboxRow).where(InboxRow.channel == channel, InboxRow.key == key))
            s.commit()

    def pending(self, channel: str) -> list[str]:
        with Session(self.engine) as s:
            rows = s.execute(select(InboxRow.payload).where(InboxRow.channel == channel)
                             .order_by(InboxRow.created_at, InboxRow.key))
            return [r[0] for r in rows]
