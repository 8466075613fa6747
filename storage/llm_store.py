"""The LLM tier's persistence: answers cached by key, tokens counted per tenant and day (SQL). Workers
build it from the database URL alone (`SqlLlmLedger.from_url`), a factory that pickles."""

from __future__ import annotations

import json

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from .db import make_engine
from .tables import JobRow, LlmCacheRow, LlmUsageRow

__all__ = ["LlmCacheRow", "LlmUsageRow", "SqlLlmLedger"]


class SqlLlmLedger:
    """LlmLedger on SQLAlchemy: every method its own short session."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine  # its tables come with the schema (storage/migrations)

    @classmethod
    def from_url(cls, url: str) -> SqlLlmLedger:
        return cls(make_engine(url))

    def cached(self, key: str) -> dict | None:
        with Session(self.engine) as s:
            row = s.get(LlmCacheRow, key)
            return json.loads(row.answer) if row is not None else None

    def remember(self, key: str, answer: dict) -> None:
        try:
            with Session(self.engine) as s:
                s.merge(LlmCacheRow(key=key, answer=json.dumps(answer)))
                s.commit()
        except IntegrityError:
            pass  # another worker cached the same key first: the same question, an equally good answer

    def tokens_used(self, day: str, tenant: str | None = None) -> int:
        with Session(self.engine) as s:
            q = select(func.coalesce(func.sum(LlmUsageRow.tokens), 0)).where(LlmUsageRow.day == day)
            if tenant is not None:
                q = q.where(LlmUsageRow.tenant == tenant)
            return int(s.exec(q).one())

    def totals(self) -> tuple[int, int]:
        """(tokens, calls) over every day and tenant since the ledger began."""
        with Session(self.engine) as s:
            tokens, calls = s.exec(select(func.coalesce(func.sum(LlmUsageRow.tokens), 0),
                                          func.coalesce(func.sum(LlmUsageRow.calls), 0))).one()
            return int(tokens), int(calls)

    def record(self, day: str, tenant: str, tokens: int) -> None:
        for attempt in range(2):  # two workers may create the day's row at once: the loser adds to it
            try:
                with Session(self.engine) as s:
                    row = s.get(LlmUsageRow, (day, tenant), with_for_update=True)
                    row = row or LlmUsageRow(day=day, tenant=tenant)
                    row.tokens += tokens
                    row.calls += 1
                    s.add(row)
                    s.commit()
                return
            except IntegrityError:
                if attempt:
                    raise

    def tenant_of(self, job_id: str) -> str | None:
        with Session(self.engine) as s:
            row = s.get(JobRow, job_id)
            return row.tenant if row is not None else None
