"""Which Telegram message belongs to which job: the upload, its acknowledgement, the summaries.

A reply to one of them is about that job; after a restart the job id the summary's buttons carry still says.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from dataclasses import dataclass, field

from telegram import Message

from core.chat import Reply

ACTIONS = ("confirm", "cancel", "/fields")


@dataclass
class JobMessages:
    """Where a job's messages are: the user's upload and the acknowledgement that shows progress."""

    origin: int | None = None
    ack: asyncio.Future = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    caption: str = ""  # applied as corrections once the summary is out
    summarized: bool = False
    finished: bool = False  # its summary or error is out: no progress after it
    progress: Reply | None = None  # the latest progress not shown yet
    progress_due: bool = False  # an edit is scheduled


class Threads:
    def __init__(self, keep_jobs: int = 5000, keep_messages: int = 20000) -> None:
        self._jobs: OrderedDict[str, JobMessages] = OrderedDict()
        self._msg_job: OrderedDict[tuple[int, int], str] = OrderedDict()
        self._keep_jobs, self._keep_messages = keep_jobs, keep_messages

    def job(self, job_id: str) -> JobMessages:
        job = self._jobs.get(job_id)
        if job is None:
            job = self._jobs[job_id] = JobMessages()
            while len(self._jobs) > self._keep_jobs:
                self._jobs.popitem(last=False)
        return job

    def remember(self, chat: int, message_id: int, job_id: str) -> None:
        self._msg_job[(chat, message_id)] = job_id
        while len(self._msg_job) > self._keep_messages:
            self._msg_job.popitem(last=False)

    def replied_job(self, msg: Message) -> str | None:
        """The review a reply is about: the bot message it answers, or the job id its buttons carry."""
        replied = msg.reply_to_message
        if replied is None:
            return None
        job_id = self._msg_job.get((msg.chat_id, replied.message_id))
        if job_id is None and replied.reply_markup is not None:
            for row in replied.reply_markup.inline_keyboard:
                for button in row:
                    action, _, jid = (button.callback_data or "").partition("|")
                    if action in ACTIONS and jid:
                        return jid
        return job_id
