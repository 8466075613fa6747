"""The job, conversation and invoice stores over one SQLModel engine; every query is per tenant."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.chat import ANNOUNCED, IN_FLIGHT, JobInfo
from core.errors import StorageError

from .tables import (
    ConversationRow,
    CorrectionRow,
    InvoiceHeader,
    InvoiceLine,
    JobRow,
    StoredDocument,
    utcnow,
)


def _info(row: JobRow) -> JobInfo:
    return JobInfo(id=row.id, tenant=row.tenant, channel=row.channel, state=row.state, sha256=row.sha256,
                   blob_path=row.blob_path, filename=row.filename, language=row.language, attempts=row.attempts,
                   error=row.error, result=json.loads(row.result) if row.result else None,
                   created_at=row.created_at)


class SqlStore:
    """JobStore + InvoiceStore + conversation state; short sessions, committed per call."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # jobs ----------------------------------------------------------------------------------
    def add_job(self, job: JobInfo) -> None:
        with self.session() as s:
            s.add(JobRow(id=job.id, tenant=job.tenant, channel=job.channel, state=job.state, sha256=job.sha256,
                         blob_path=job.blob_path, filename=job.filename, language=job.language,
                         result=json.dumps(job.result) if job.result is not None else None))
            doc = s.get(StoredDocument, (job.tenant, job.sha256))
            if doc is None:
                size = Path(job.blob_path).stat().st_size if Path(job.blob_path).exists() else 0
                s.add(StoredDocument(tenant=job.tenant, sha256=job.sha256, path=job.blob_path, size=size))
            s.commit()

    def get_job(self, job_id: str, tenant: str | None = None) -> JobInfo | None:
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None or (tenant is not None and row.tenant != tenant):
                return None
            return _info(row)

    def set_state(self, job_id: str, state: str, *, error: str | None = None, result: dict | None = None,
                  attempts: int | None = None) -> None:
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise StorageError(f"job {job_id} not found")
            row.state, row.updated_at = state, utcnow()
            if error is not None:
                row.error = error
            if result is not None:
                row.result = json.dumps(result)
            if attempts is not None:
                row.attempts = attempts
            s.add(row)
            s.commit()

    def claim(self, job_id: str, expected: tuple[str, ...]) -> bool:
        with self.session() as s:
            done = s.execute(update(JobRow).where(col(JobRow.id) == job_id, col(JobRow.state).in_(expected))
                             .values(state="running", updated_at=utcnow()))
            s.commit()
            return done.rowcount == 1

    def jobs_unannounced(self) -> list[JobInfo]:
        with self.session() as s:
            rows = s.exec(select(JobRow).where(col(JobRow.state).in_(ANNOUNCED), col(JobRow.announced).is_(False))
                          .order_by(JobRow.created_at)).all()
            return [_info(r) for r in rows]

    def mark_announced(self, job_id: str) -> None:
        with self.session() as s:
            s.execute(update(JobRow).where(col(JobRow.id) == job_id).values(announced=True))
            s.commit()

    def jobs_to_resume(self) -> list[JobInfo]:
        with self.session() as s:
            rows = s.exec(select(JobRow).where(col(JobRow.state).in_(IN_FLIGHT)).order_by(JobRow.created_at)).all()
            return [_info(r) for r in rows]

    def cached_result(self, tenant: str, sha256: str) -> dict | None:
        """The extraction of an earlier job on the same file in the same chat, if one finished."""
        with self.session() as s:
            row = s.exec(select(JobRow).where(JobRow.tenant == tenant, JobRow.sha256 == sha256,
                                              col(JobRow.result).is_not(None))
                         .order_by(col(JobRow.created_at).desc())).first()
            return json.loads(row.result) if row and row.result else None

    def jobs_since(self, tenant: str, since: dt.datetime) -> int:
        """How many files the tenant sent from `since` on (every job counts, cached re-sends too)."""
        with self.session() as s:
            q = select(func.count()).select_from(JobRow).where(JobRow.tenant == tenant,
                                                               col(JobRow.created_at) >= since)
            return int(s.exec(q).one())

    def job_counts(self) -> list[tuple[str, str, int]]:
        """(state, channel, jobs) over every tenant: the operator's view for /metrics, no tenant in it."""
        with self.session() as s:
            rows = s.exec(select(JobRow.state, JobRow.channel, func.count())
                          .group_by(JobRow.state, JobRow.channel)).all()
            return [(state, channel, int(n)) for state, channel, n in rows]

    def ping(self) -> None:
        """One round trip to the database (SELECT 1); raises when it does not answer."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1").scalar_one()

    def jobs(self, tenant: str, states: tuple[str, ...]) -> list[JobInfo]:
        with self.session() as s:
            rows = s.exec(select(JobRow).where(JobRow.tenant == tenant, col(JobRow.state).in_(states))
                          .order_by(JobRow.created_at)).all()
            return [_info(r) for r in rows]

    def get_draft(self, tenant: str, job_id: str) -> dict:
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None or row.tenant != tenant:
                return {}
            return json.loads(row.draft) if row.draft else {}

    def save_draft(self, tenant: str, job_id: str, draft: dict, corrections: list[CorrectionRow]) -> None:
        """The corrected state of a review and its audit rows, in one transaction."""
        with self.session() as s:
            row = s.get(JobRow, job_id)
            if row is None or row.tenant != tenant:
                raise StorageError("no such review in this chat")
            row.draft, row.updated_at = json.dumps(draft), utcnow()
            s.add(row)
            for c in corrections:
                c.tenant, c.job_id = tenant, job_id
                s.add(c)
            s.commit()

    # conversations -------------------------------------------------------------------------
    def conversation(self, tenant: str) -> ConversationRow:
        with self.session() as s:
            return s.get(ConversationRow, tenant) or ConversationRow(tenant=tenant)

    def set_conversation(self, tenant: str, channel: str, *, pending: str | None | bool = False,
                         language: str | None = None) -> None:
        with self.session() as s:
            row = s.get(ConversationRow, tenant) or ConversationRow(tenant=tenant, channel=channel)
            if pending is not False:
                row.pending_job_id = pending  # type: ignore[assignment]
            if language:
                row.language = language
            row.channel, row.updated_at = channel or row.channel, utcnow()
            s.add(row)
            s.commit()

    # invoices ------------------------------------------------------------------------------
    def confirm(self, header: InvoiceHeader, lines: list[InvoiceLine]) -> InvoiceHeader:
        """Store a confirmed invoice, mark its job confirmed and clear the pending review, atomically."""
        with self.session() as s:
            job = s.get(JobRow, header.job_id)
            if job is None or job.tenant != header.tenant:
                raise StorageError("no such review in this chat")
            s.add(header)
            s.flush()
            for i, line in enumerate(lines, 1):
                line.invoice_id, line.tenant, line.line_no = header.id, header.tenant, i
                s.add(line)
            job.state, job.updated_at = "confirmed", utcnow()
            s.add(job)
            conv = s.get(ConversationRow, header.tenant)
            if conv is not None and conv.pending_job_id == header.job_id:
                conv.pending_job_id = None
                s.add(conv)
            s.commit()
            s.refresh(header)
            return header

    def find_duplicate(self, tenant: str, sha256: str, vendor: str | None, number: str | None
                       ) -> InvoiceHeader | None:
        with self.session() as s:
            q = select(InvoiceHeader).where(InvoiceHeader.tenant == tenant, InvoiceHeader.status == "confirmed")
            same_file = s.exec(q.where(InvoiceHeader.document_sha256 == sha256)).first()
            if same_file is not None:
                return same_file
            if vendor and number:
                return s.exec(q.where(func.lower(InvoiceHeader.vendor_name) == vendor.strip().lower(),
                                      func.lower(InvoiceHeader.invoice_number) == number.strip().lower())).first()
            return None

    def invoices(self, tenant: str, date_from: dt.date | None = None, date_to: dt.date | None = None,
                 limit: int | None = None, newest_first: bool = False) -> list[InvoiceHeader]:
        with self.session() as s:
            q = select(InvoiceHeader).where(InvoiceHeader.tenant == tenant, InvoiceHeader.status == "confirmed")
            if date_from is not None:
                q = q.where(col(InvoiceHeader.invoice_date) >= date_from)
            if date_to is not None:
                q = q.where(col(InvoiceHeader.invoice_date) <= date_to)
            order = col(InvoiceHeader.id).desc() if newest_first else col(InvoiceHeader.id)
            return list(s.exec(q.order_by(order).limit(limit)).all())

    def lines(self, tenant: str, invoice_ids: list[int]) -> list[InvoiceLine]:
        with self.session() as s:
            return list(s.exec(select(InvoiceLine).where(InvoiceLine.tenant == tenant,
                                                         col(InvoiceLine.invoice_id).in_(invoice_ids))
                               .order_by(InvoiceLine.invoice_id, InvoiceLine.line_no)).all())

    def corrections(self, tenant: str, job_ids: list[str]) -> list[CorrectionRow]:
        with self.session() as s:
            return list(s.exec(select(CorrectionRow).where(CorrectionRow.tenant == tenant,
                                                           col(CorrectionRow.job_id).in_(job_ids))
                               .order_by(CorrectionRow.id)).all())

    def undo_last(self, tenant: str, channel: str) -> InvoiceHeader | None:
        """Put the last confirmed invoice back to review: it leaves the ledger, its job awaits review."""
        with self.session() as s:
            head = s.exec(select(InvoiceHeader).where(InvoiceHeader.tenant == tenant,
                                                      InvoiceHeader.status == "confirmed")
                          .order_by(col(InvoiceHeader.id).desc())).first()
            if head is None:
                return None
            head.status = "undone"
            s.add(head)
            job = s.get(JobRow, head.job_id)
            if job is not None and job.tenant == tenant:
                job.state, job.updated_at = "awaiting_review", utcnow()
                s.add(job)
            conv = s.get(ConversationRow, tenant) or ConversationRow(tenant=tenant, channel=channel)
            conv.pending_job_id, conv.updated_at = head.job_id, utcnow()
            s.add(conv)
            s.commit()
            return head

    def tenants(self) -> list[str]:
        """Every tenant with a confirmed invoice (for the operator's `invoicebot export`)."""
        with self.session() as s:
            return list(s.exec(select(InvoiceHeader.tenant).distinct().order_by(InvoiceHeader.tenant)).all())
