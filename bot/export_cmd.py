"""`invoicebot export`: stored invoices (one chat or all) as a workbook."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from storage.db import make_engine
from storage.sql import SqlStore
from storage.workbook import write_workbook

from .settings import Settings


def run_export(settings: Settings, chat: str | None, date_from: str | None, date_to: str | None,
               output: str) -> int:
    try:
        start = dt.date.fromisoformat(date_from) if date_from else None
        end = dt.date.fromisoformat(date_to) if date_to else None
    except ValueError:
        print("invoicebot export: dates are YYYY-MM-DD", file=sys.stderr)
        return 2
    store = SqlStore(make_engine(settings.database_url))
    tenants = [chat] if chat else store.tenants()
    invoices, lines, corrections = [], [], []
    for tenant in tenants:
        inv = store.invoices(tenant, start, end)
        invoices += inv
        lines += store.lines(tenant, [i.id for i in inv])
        corrections += store.corrections(tenant, [i.job_id for i in inv])
    path = write_workbook(Path(output), invoices, lines, corrections)
    print(f"{len(invoices)} invoices written to {path}")
    return 0
