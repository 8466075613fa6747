"""What a Slack message or modal carries (file objects) and their download with the bot token.

Slack answers a private file URL without a valid token with 200 and an HTML login page: that is
an error here, never a document. 429 waits Retry-After; server errors are retried, then ChannelUnavailable.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from core.errors import ChannelError, ChannelUnavailable, DocumentTooLarge

log = logging.getLogger(__name__)
MAX_WAIT = 60.0  # longest Retry-After we wait out for a download
TAKEN_SUBTYPES = (None, "file_share", "thread_broadcast")
CHUNK = 64 * 1024  # bytes read from a download at a time


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file in a message or a modal, not yet downloaded."""

    id: str
    name: str
    size: int | None
    url: str | None
    filetype: str = ""


def ref(file: dict[str, Any]) -> FileRef | None:
    """The downloadable part of a Slack file object; None for deleted or external files."""
    if not file.get("id") or file.get("mode") in ("tombstone", "external") or file.get("is_external"):
        return None
    url = file.get("url_private_download") or file.get("url_private")
    name = file.get("name") or file.get("title") or f"{file['id']}"
    return FileRef(file["id"], name, file.get("size"), url, (file.get("filetype") or "").lower())


def files_of(event: dict[str, Any], readable: tuple[str, ...] | None = None) -> list[FileRef]:
    """The files a message event carries (messages from bots and edits carry none for us);
    with `readable`, only files of those types (in channels, other files are none of the bot's business)."""
    if event.get("bot_id") or event.get("subtype") not in TAKEN_SUBTYPES:
        return []
    refs = [r for f in event.get("files") or [] if (r := ref(f)) is not None]
    return [r for r in refs if readable is None or (r.filetype or r.name.lower().rsplit(".", 1)[-1]) in readable]


def trusted(url: str, api_url: str) -> bool:
    """The bot token goes only to Slack's own hosts (or to the configured Web API's host)."""
    host = urlsplit(url).hostname or ""
    return host == "slack.com" or host.endswith(".slack.com") or host == urlsplit(api_url).hostname


async def download(session: aiohttp.ClientSession, file: FileRef, token: str, api_url: str, max_bytes: int,
                   *, attempts: int = 4, backoff: float = 0.5) -> bytes:
    """The file's bytes; DocumentTooLarge, ChannelError (a login page, no access) or ChannelUnavailable."""
    if file.size is not None and file.size > max_bytes:
        raise DocumentTooLarge("file", round(file.size / 1024 / 1024, 1), round(max_bytes / 1024 / 1024, 1), "MB")
    if not file.url or not trusted(file.url, api_url):
        raise ChannelError(f"Slack gave no download address for {file.name}.")
    headers = {"Authorization": f"Bearer {token}"}
    delay = backoff
    for attempt in range(1, attempts + 1):
        try:
            async with session.get(file.url, headers=headers) as resp:
                if resp.status == 429:
                    wait = min(float(resp.headers.get("Retry-After", "1") or 1), MAX_WAIT)
                    log.info("slack download rate limited", extra={"data": {"retry_after": wait}})
                    if attempt < attempts:
                        await asyncio.sleep(wait)
                        continue
                    raise ChannelUnavailable("Slack asked us to slow down; please send the file again in a minute.")
                if resp.status >= 500:
                    raise aiohttp.ClientResponseError(resp.request_info, (), status=resp.status)
                if resp.status != 200:
                    raise ChannelError(f"Slack refused the download of {file.name} ({resp.status}).")
                if resp.content_type in ("text/html", "application/xhtml+xml"):
                    raise ChannelError(f"Slack sent a web page instead of {file.name}: the bot may lack the "
                                       "files:read scope or access to the file.")
                data = await _body(resp, max_bytes)
                if data[:64].lstrip().lower().startswith((b"<!doctype html", b"<html")):
                    raise ChannelError(f"Slack sent a web page instead of {file.name}.")
                return data
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.info("slack download failed", extra={"data": {"error": str(exc), "attempt": attempt}})
            if attempt == attempts:
                raise ChannelUnavailable("Slack cannot be reached right now; please send the file again later.") from exc
            await asyncio.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


async def _body(resp: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """The whole body, read chunk by chunk as it arrives; DocumentTooLarge as soon as it passes max_bytes."""
    parts: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise DocumentTooLarge("file", round(size / 1024 / 1024, 1), round(max_bytes / 1024 / 1024, 1), "MB")
        parts.append(chunk)
    return b"".join(parts)
