"""Long replies cut at line ends into parts that fit one platform message or block."""

from __future__ import annotations


def split_lines(text: str, limit: int, empty: str = "") -> list[str]:
    """Parts of at most `limit` characters, cut at line ends (a longer line is cut where it must)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    parts.append(current)
    return [p for p in parts if p] or [empty]
