"""A second, closer look at the dates of a scanned slip: where a date is or should be (date-shaped words, the word
before a time of day, the space after a 'Date' label), the spot is cut out, enlarged (plain and blurred) and read
again in one small tesseract run. Where none was read, the closer reading fills it in; where the closer readings
outvote a date that was read, the word keeps its first reading and carries the other one (to be flagged)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps

from .extract.parse import parse_date
from .models import Box, Word

# a word made for a date: digits (or letters OCR reads for them) around two separators ('14-03-2018', '1O/1O/17')
DATE_SHAPE = re.compile(r"(?<![\w/.\-])[\dOoIl]{1,4}\s?[/.\-]\s?[\dOoIl]{1,2}\s?[/.\-]\s?[\dOoIl]{2,4}")
_TIME = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?(?:[ap]m)?(?![\d:.,])", re.I)  # '13:30', '01:57PM', '13:30-R'
_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
_GAP = 12  # white margin of the stacked picture; crops are a crop's height apart
# (scale, blur radius in source pixels): plain enlargements, and blurred ones that join the dots of dot-matrix print
READS = ((2, 0.0), (3, 0.0), (2, 0.7), (3, 0.7))
MAX_CHECKED = 6  # dates already read that are read again to be checked, from the top


@dataclass(frozen=True, slots=True)
class Spot:
    """A place on the page to read again and the words it replaces (none: a blank after a label or before a time)."""

    box: Box
    words: tuple[Word, ...]


def repair_digits(token: str) -> str:
    """Letters OCR confuses with digits (O->0, l->1), only inside a date-shaped token."""
    return DATE_SHAPE.sub(lambda m: m.group(0).translate(_DIGITS), token)


_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})(?!\d)")


def zero_for_nine(text: str) -> str:
    """A dotted 0 read as 9: an impossible day or month ('92/02/2018', '18/94/2017') with its 9 made a 0."""
    def fix(m: re.Match[str]) -> str:
        a, sep, b, y = m.groups()
        if parse_date(m.group(0)) is not None:
            return m.group(0)
        for na, nb in ((a, b), (_zero(a), b), (a, _zero(b)), (_zero(a), _zero(b))):
            if parse_date(f"{na}{sep}{nb}{sep}{y}") is not None:
                return f"{na}{sep}{nb}{sep}{y}"
        return m.group(0)
    return _NUMERIC.sub(fix, text)


def _zero(part: str) -> str:
    return "0" + part[1:] if len(part) == 2 and part[0] == "9" else part


def plausible_date(text: str, first_year: int, last_year: int) -> dt.date | None:
    """The first date in text (day first, letters repaired) when its year is in range."""
    d = parse_date(repair_digits(text))
    return d if d is not None and first_year <= d.year <= last_year else None


def is_date_label(text: str) -> bool:
    """'Date' or 'Tarikh' (Malay), also as OCR misreads them: one letter of four wrong (Dale, Dste, Bate; not Rate)."""
    t = re.sub(r"\W+$", "", text).lower()
    if t == "tarikh":
        return True
    if t.startswith("date"):
        return len(t) <= 5
    return len(t) == 4 and t[0] in "db" and t.isalpha() and sum(a == b for a, b in zip(t, "date", strict=True)) >= 3


def date_spots(words: list[Word], page_width: float) -> list[Spot]:
    """Date-shaped words, the word before a time of day ('BLEUE 13:30', or the blank there), and the rest of
    the line after a date label that is followed by no date."""
    spots = [Spot(w.box, (w,)) for w in words if DATE_SHAPE.search(w.text) and sum(c.isdigit() for c in w.text) >= 3]
    taken = {id(w) for s in spots for w in s.words}
    for w in words:
        if not _TIME.match(w.text):
            continue
        h = w.box.height
        left = [o for o in words if o is not w and w.box.x0 - 12 * h < o.box.x1 <= w.box.x0 + h
                and abs(_mid(o.box) - _mid(w.box)) < 0.6 * h]
        o = max(left, key=lambda o: o.box.x1) if left else None
        if o is None or len(o.text) > 12:
            # nothing read right before the time (or only a long number further left): a faint date may be there
            x0 = max(0.0, w.box.x0 - 12 * h) if o is None else o.box.x1 + 1
            if w.box.x0 - x0 > 3 * h:
                spots.append(Spot(Box(x0, w.box.y0, w.box.x0 - 1, w.box.y1), ()))
        elif id(o) not in taken and not is_date_label(o.text) and not o.text.endswith(":"):
            spots.append(Spot(Box(o.box.x0, o.box.y0, max(o.box.x1, w.box.x0 - 1), o.box.y1), (o,)))
            taken.add(id(o))
    for w in words:
        if not is_date_label(w.text):
            continue
        h = w.box.height
        after = [o for o in words if o is not w and o.box.x0 >= w.box.x1 - h and abs(_mid(o.box) - _mid(w.box)) < 0.6 * h]
        after = sorted(after, key=lambda o: o.box.x0)[:3]
        if any(id(o) in taken for o in after):
            continue
        x1 = after[-1].box.x1 if after else min(page_width, w.box.x1 + 14 * h)
        spots.append(Spot(Box(w.box.x1 + 1, w.box.y0, x1, w.box.y1), tuple(after)))
    return spots


def _mid(b: Box) -> float:
    return (b.y0 + b.y1) / 2


def stack(img: Image.Image, spots: list[Spot]) -> tuple[Image.Image, list[tuple[int, int, int]]]:
    """Every spot cut out with a margin and enlarged at each scale, one under another on white;
    returns the picture and, per row, (spot index, top, bottom) in its pixels."""
    crops, slots = [], []
    y = _GAP
    for scale, blur in READS:
        for k, s in enumerate(spots):
            h = s.box.height
            c = img.crop((max(0, int(s.box.x0 - h)), max(0, int(s.box.y0 - 0.35 * h)),
                          min(img.width, int(s.box.x1 + h)), min(img.height, int(s.box.y1 + 0.35 * h))))
            c = c.resize((c.width * scale, c.height * scale), Image.Resampling.LANCZOS)
            if blur:
                c = c.filter(ImageFilter.GaussianBlur(blur * scale))
            c = ImageOps.autocontrast(c, cutoff=1)
            crops.append((c, y))
            slots.append((k, y - c.height // 2 if slots else 0, y + c.height + c.height // 2))
            y += 2 * c.height
    # each crop's band reaches halfway to its neighbours, so a word belongs to exactly one
    slots = [(k, top, slots[i + 1][1] if i + 1 < len(slots) else bottom) for i, (k, top, bottom) in enumerate(slots)]
    out = Image.new("L", (max(c.width for c, _ in crops) + 2 * _GAP, y + _GAP), 255)
    for c, top in crops:
        out.paste(c, (_GAP, top))
    return out, slots


def readings(words: list[Word], slots: list[tuple[int, int, int]], n: int) -> list[list[str]]:
    """The text read per spot, one string per scale, from the words of the stacked picture."""
    out: list[list[str]] = [[] for _ in range(n)]
    for k, top, bottom in slots:
        inside = [w for w in words if top <= _mid(w.box) < bottom]
        out[k].append(" ".join(w.text for w in sorted(inside, key=lambda w: w.box.x0)))
    return out


def _dated(again: list[str], first_year: int, last_year: int) -> tuple[list[str], list[dt.date | None]]:
    """The re-read texts, letters and dotted zeros repaired, and the plausible date each holds."""
    texts = [zero_for_nine(repair_digits(t)) for t in again]
    return texts, [plausible_date(t, first_year, last_year) for t in texts]


def _date_text(text: str) -> str | None:
    """The date-shaped part of a re-read text, as printed."""
    m = DATE_SHAPE.search(text)
    return repair_digits(m.group(0)).replace(" ", "") if m else None


def decide(first: str, again: list[str], first_year: int, last_year: int) -> str | None:
    """The date text a spot holds when the first reading held no plausible date and the re-reads
    find one (the same when both do); None when the first reading stands."""
    if plausible_date(first, first_year, last_year) is not None:
        return None  # disputed() and overruled() judge a plausible first reading
    texts, dates = _dated(again, first_year, last_year)
    votes = Counter(d for d in dates if d is not None).most_common(2)
    if not votes or (len(votes) > 1 and votes[1][1] == votes[0][1]):
        return None  # none found, or a tie between different dates
    text = texts[dates.index(votes[0][0])]
    return _date_text(text) or repair_digits(text)


def disputed(first: str, again: list[str], first_year: int, last_year: int) -> dt.date | None:
    """The date the closer readings find instead of a plausible first reading, when at least two of them
    disagree with it and they outnumber those that agree; None when the first reading stands."""
    was = plausible_date(first, first_year, last_year)
    _, dates = _dated(again, first_year, last_year)
    others = [d for d in dates if d is not None and d != was]
    if was is None or len(others) < 2 or len(others) <= dates.count(was):
        return None
    return Counter(others).most_common(1)[0][0]


def overruled(first: str, again: list[str], first_year: int, last_year: int) -> str | None:
    """The closer readings' text when at least three of them agree on another date and none finds the first
    reading's: the first was misread ('14/09/2018' for '14/03/2018'); None when it may stand."""
    was = plausible_date(first, first_year, last_year)
    texts, dates = _dated(again, first_year, last_year)
    votes = Counter(d for d in dates if d is not None and d != was).most_common(1)
    if was is None or was in dates or not votes or votes[0][1] < 3:
        return None
    return _date_text(texts[dates.index(votes[0][0])])


def _mark(words: list[Word], spot: Spot, alt: str, first_year: int, last_year: int) -> list[Word]:
    """words with the spot's date words carrying the other reading."""
    dated = [w for w in spot.words if plausible_date(w.text, first_year, last_year) is not None] or spot.words
    marked = {id(w) for w in dated}
    return [w._replace(alt=alt) if id(w) in marked else w for w in words]


def reread_dates(img: Image.Image, words: list[Word], read: Callable[[Image.Image], list[Word]],
                 first_year: int, last_year: int) -> list[Word]:
    """The page's words with the dates read again: filled in where the closer look settles a missing one,
    replaced where three closer readings agree against one that was read (which stays as Word.alt), marked
    (Word.alt) where they dispute it less firmly; read is OCR of a picture as one block.
    Years outside first_year..last_year are misreadings."""
    spots = date_spots(words, img.width)
    known = [s for s in spots if plausible_date(" ".join(w.text for w in s.words), first_year, last_year)]
    # a slip listing many dates (a statement, a ticket roll) would make the picture tall: check the first few
    spots = [s for s in spots if s not in known] + known[:MAX_CHECKED]
    if not spots:
        return words
    picture, slots = stack(img, spots)
    again = readings(read(picture), slots, len(spots))
    out = list(words)
    for spot, texts in zip(spots, again, strict=True):
        first = " ".join(w.text for w in spot.words)
        other = disputed(first, texts, first_year, last_year)
        text = overruled(first, texts, first_year, last_year) if other is not None else None
        if other is not None and text is None:
            out = _mark(out, spot, other.isoformat(), first_year, last_year)
            continue
        # the first reading, when overruled, stays as the other reading (still to be checked)
        was = plausible_date(first, first_year, last_year) if text is not None else None
        text = text or decide(first, texts, first_year, last_year)
        if text is None or text == first:
            continue
        conf = max((w.conf for w in spot.words), default=0.0)
        new = Word(text, spot.box, conf=max(conf, 0.8), source="ocr", alt=was.isoformat() if was else None)
        if spot.words:
            gone = {id(w) for w in spot.words}
            i = next(k for k, w in enumerate(out) if id(w) in gone)
            out = [w for w in out if id(w) not in gone]
            out.insert(i, new)
        else:
            out.append(new)
    return out
