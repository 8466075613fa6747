"""Block Kit for the Slack channel: mrkdwn escaping, the summary with its flagged fields and buttons,
the upload modal. Plain functions from texts to Slack's JSON."""

from __future__ import annotations

from typing import Any

from channels.text_parts import split_lines

UPLOAD_VIEW = "invoice_upload"
FILE_BLOCK, FILE_ACTION = "invoice_files", "files"
ACTIONS = {"confirm": "confirm", "cancel": "cancel", "fields": "/fields"}  # action_id -> chat message
SECTION_LIMIT = 2900  # Slack allows 3000 characters in a section's text
READABLE_TYPES = ["pdf", "png", "jpg", "jpeg", "tif", "tiff", "webp", "heic", "gif", "bmp"]


def escape(text: str) -> str:
    """User and document text for mrkdwn: only &, < and > have a meaning there."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split at line ends so each part fits one section."""
    return split_lines(text, limit, " ")


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def text_blocks(text: str) -> list[dict[str, Any]]:
    return [section(escape(part)) for part in chunks(text)]


def summary_blocks(text: str, buttons: tuple[tuple[str, str], ...], job_id: str | None) -> list[dict[str, Any]]:
    """The summary as sections, the flagged fields ('• field: reason' lines) set apart, then the buttons."""
    lines = text.split("\n")
    marked = [i for i, ln in enumerate(lines) if ln.startswith("• ")]
    if not marked:
        blocks = text_blocks(text)
    else:
        first, last = marked[0], marked[-1]
        flagged = "\n".join(f":warning: {escape(ln[2:])}" for ln in lines[first:last + 1])
        blocks = text_blocks("\n".join(lines[:first])) + [section(flagged[:SECTION_LIMIT])]
        if last + 1 < len(lines):
            blocks += text_blocks("\n".join(lines[last + 1:]))
    if buttons and job_id:
        blocks.append(actions_block(buttons, job_id))
    return blocks


def actions_block(buttons: tuple[tuple[str, str], ...], job_id: str) -> dict[str, Any]:
    by_message = {v: k for k, v in ACTIONS.items()}
    elements = []
    for label, action in buttons:
        action_id = by_message.get(action)
        if action_id is None:
            continue
        button: dict[str, Any] = {"type": "button", "action_id": action_id, "value": job_id,
                                  "text": {"type": "plain_text", "text": label[:75], "emoji": True}}
        if action_id == "confirm":
            button["style"] = "primary"
        elif action_id == "cancel":
            button["style"] = "danger"
        elements.append(button)
    return {"type": "actions", "block_id": f"review:{job_id}", "elements": elements}


def without_actions(blocks: list[dict[str, Any]], note: str) -> list[dict[str, Any]]:
    """A summary after its buttons were used: the same sections and a line (mrkdwn) saying what happened."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return [*kept, {"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}]


def upload_modal(metadata: str) -> dict[str, Any]:
    """The modal `/invoice` opens: one file input taking several invoices."""
    return {
        "type": "modal",
        "callback_id": UPLOAD_VIEW,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": "Invoices"},
        "submit": {"type": "plain_text", "text": "Read"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [{
            "type": "input",
            "block_id": FILE_BLOCK,
            "label": {"type": "plain_text", "text": "Invoices (PDF or photos)"},
            "element": {"type": "file_input", "action_id": FILE_ACTION, "filetypes": READABLE_TYPES,
                        "max_files": 10},
        }],
    }


def submitted_files(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The file objects of a submitted upload modal."""
    state = (view.get("state") or {}).get("values") or {}
    return list(((state.get(FILE_BLOCK) or {}).get(FILE_ACTION) or {}).get("files") or [])
