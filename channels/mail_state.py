"""What the email channel must remember across restarts: mails handled (by folder, UIDVALIDITY, UID),
parts already submitted, and the mail each review and each sender's conversation answers."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from .mail_reply import Thread

SCHEMA = """
create table if not exists handled (folder text, validity integer, uid integer, primary key (folder, validity, uid));
create table if not exists parts (folder text, validity integer, uid integer, idx integer, job_id text,
                                  primary key (folder, validity, uid, idx));
create table if not exists threads (key text primary key, addr text, subject text, message_id text, refs text);
"""


class MailState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("pragma journal_mode=wal")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def handled(self, folder: str, validity: int, uid: int) -> bool:
        return self._one("select 1 from handled where folder=? and validity=? and uid=?", folder, validity, uid)

    def last_uid(self, folder: str, validity: int) -> int | None:
        row = self._row("select max(uid) from handled where folder=? and validity=?", folder, validity)
        return row[0] if row else None

    def mark_handled(self, folder: str, validity: int, uid: int) -> None:
        self._exec("insert or ignore into handled values (?, ?, ?)", folder, validity, uid)

    def submitted(self, folder: str, validity: int, uid: int, idx: int) -> str | None:
        row = self._row("select job_id from parts where folder=? and validity=? and uid=? and idx=?",
                        folder, validity, uid, idx)
        return row[0] if row else None

    def mark_submitted(self, folder: str, validity: int, uid: int, idx: int, job_id: str) -> None:
        self._exec("insert or replace into parts values (?, ?, ?, ?, ?)", folder, validity, uid, idx, job_id)

    def set_thread(self, key: str, thread: Thread) -> None:
        self._exec("insert or replace into threads values (?, ?, ?, ?, ?)", key, thread.to, thread.subject,
                   thread.message_id, " ".join(thread.references))

    def thread(self, key: str) -> Thread | None:
        row = self._row("select addr, subject, message_id, refs from threads where key=?", key)
        return Thread(row[0], row[1], row[2], tuple(row[3].split())) if row else None

    def _exec(self, sql: str, *args: object) -> None:
        with self._lock:
            self._db.execute(sql, args)

    def _row(self, sql: str, *args: object) -> tuple | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _one(self, sql: str, *args: object) -> bool:
        return self._row(sql, *args) is not None
