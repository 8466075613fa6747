"""`invoicebot chat FILE...` and `invoicebot export` through the command line entry point."""

from __future__ import annotations

import io
import sys

import openpyxl

from bot.cli import main
from tests.fakes.docs import invoice_pdf


def test_chat_then_export_by_chat_and_date(tmp_path, monkeypatch, capsys, cli_env):
    pdf = invoice_pdf(tmp_path / "a.pdf")
    monkeypatch.setattr(sys, "stdin", io.StringIO("vendor ACME; number 7; date 2024-05-03; total 10\nconfirm\n"))
    assert main(["chat", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert "Got it: a.pdf" in out and "Stored invoice #1" in out
    workbook = [ln for ln in out.splitlines() if ln.startswith("workbook: ")]
    assert len(workbook) == 1 and workbook[0].endswith(".xlsx")

    assert main(["export", "--chat", "console:local", "--from", "2024-05-01", "--to", "2024-05-31",
                 "-o", str(tmp_path / "may.xlsx")]) == 0
    assert main(["export", "--from", "2024-06-01", "-o", str(tmp_path / "june.xlsx")]) == 0
    assert main(["export", "--chat", "telegram:9", "-o", str(tmp_path / "other.xlsx")]) == 0
    assert main(["export", "--from", "May", "-o", str(tmp_path / "bad.xlsx")]) == 2
    may = openpyxl.load_workbook(tmp_path / "may.xlsx")["Invoices"]
    assert may.max_row == 2 and may["E2"].value == "ACME" and may["J2"].value == "7"
    assert openpyxl.load_workbook(tmp_path / "june.xlsx")["Invoices"].max_row == 1
    assert openpyxl.load_workbook(tmp_path / "other.xlsx")["Invoices"].max_row == 1


def test_db_upgrade_creates_the_tables_and_current_names_the_revision(tmp_path, monkeypatch, capsys):
    from sqlalchemy import create_engine, inspect
    from sqlmodel import SQLModel

    from storage import schema

    db = tmp_path / "fresh" / "invoicebot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out == "none\n"
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.endswith(f"at revision {schema.head()} (newest)\n")
    tables = set(inspect(create_engine(f"sqlite:///{db}")).get_table_names())
    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out == f"{schema.head()}\n"


def test_db_upgrade_reports_an_unreachable_database(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none?connect_timeout=5")
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("invoicebot db upgrade: postgresql+psycopg://nobody:***@127.0.0.1:1/none") and "secret" not in err
