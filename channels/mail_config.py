"""The email channel's settings as plain values (built from Settings in bot/bootstrap.py) and its notices."""

from __future__ import annotations

from dataclasses import dataclass

TEXT = {
    "too_large": "Your mail is too large for me ({size:.1f} MB; the limit is {limit:.1f} MB). "
                 "Please send the invoice alone, as a PDF or a photo at normal resolution.",
    "nothing": "I found no invoice in your mail. Please attach a PDF or a photo of the invoice, "
               "or reply to one of my summaries with corrections, 'confirm' or 'cancel'.",
    "rate": "You have sent many mails in a short time; I will read your next mails in an hour.",
}


@dataclass(frozen=True, slots=True)
class MailConfig:
    imap_host: str
    imap_user: str
    imap_password: str
    smtp_host: str
    imap_port: int = 993
    imap_ssl: bool = True
    folder: str = "INBOX"
    processed_folder: str | None = None  # handled mails are moved there (else only marked seen)
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    sender: str = ""  # EMAIL_FROM, default the IMAP user
    allowed: tuple[str, ...] = ()  # addresses or '@domain'; empty: everyone
    require_auth: bool = True  # refuse mails whose Authentication-Results (from authserv_ids) do not pass
    authserv_ids: tuple[str, ...] = ()  # the receiving servers whose Authentication-Results count; empty: imap_host
    max_mail_bytes: int = 30 * 1024 * 1024
    poll_interval: float = 60.0  # without IDLE; with IDLE, how often it is renewed (at least 60 s)
    idle_timeout: float = 25 * 60.0  # IDLE is renewed before servers drop it (29 min)
    backoff: tuple[float, float] = (0.5, 60.0)
    per_sender_per_hour: int = 30
    timeout: float = 30.0

    @property
    def from_addr(self) -> str:
        return self.sender or self.imap_user

    @property
    def trusted_authserv_ids(self) -> tuple[str, ...]:
        return self.authserv_ids or (self.imap_host,)

    def __repr__(self) -> str:  # never show passwords
        return f"MailConfig({self.imap_user}@{self.imap_host}:{self.imap_port}/{self.folder})"
