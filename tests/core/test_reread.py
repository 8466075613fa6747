"""Dates of a slip read again: which words are looked at, when the new reading wins, and a real re-read."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from core.models import Box, Word
from core.ocr import TesseractOcr
from core.reread import (
    MAX_CHECKED,
    date_spots,
    decide,
    disputed,
    is_date_label,
    overruled,
    plausible_date,
    repair_digits,
    reread_dates,
    stack,
    zero_for_nine,
)

from ..docgen import FONT


def _word(text: str, x: float, y: float = 100, conf: float = 0.9) -> Word:
    return Word(text, Box(x, y, x + 10 * len(text), y + 20), conf, "ocr")


def test_letters_read_for_digits_are_repaired_only_inside_a_date():
    assert repair_digits("1O/1l/2O18") == "10/11/2018"
    assert repair_digits("CLOSE 1O/O3/17 lOL") == "CLOSE 10/03/17 lOL"
    assert repair_digits("TOTAL 10.00") == "TOTAL 10.00"


@pytest.mark.parametrize(("text", "fixed"), [
    ("92/02/2018", "02/02/2018"), ("te: 18/94/2017,", "te: 18/04/2017,"),
    ("12/02/2018", "12/02/2018"), ("09/10/2017", "09/10/2017"), ("32/02/2018", "32/02/2018"),
    ("Total 92.50", "Total 92.50"),
])
def test_a_nine_for_a_dotted_zero_is_undone_only_where_the_date_is_impossible(text, fixed):
    assert zero_for_nine(text) == fixed


def test_re_reads_with_a_nine_for_a_zero_agree_on_the_possible_date():
    assert decide("32/02/2018", ["92/02/2018", "92/02/2018", "92/02/2018", "32/02/2018"], 1990, 2030) == "02/02/2018"


def test_a_plausible_date_is_in_the_year_range_after_repair():
    assert plausible_date("Date: 2O/O4/2018", 1990, 2030) == dt.date(2018, 4, 20)
    assert plausible_date("03/06/2913", 1990, 2030) is None
    assert plausible_date("32/02/2018", 1990, 2030) is None


@pytest.mark.parametrize(("text", "label"), [
    ("Date", True), ("Date:", True), ("DATE", True), ("Dale:", True), ("Bate", True), ("Tarikh", True),
    ("Rate", False), ("Total", False), ("Dated", True), ("Datang", False),
])
def test_date_labels_as_ocr_reads_them(text, label):
    assert is_date_label(text) is label


def test_spots_are_dates_words_before_a_time_and_the_space_after_a_bare_label():
    words = [_word("Cash", 10), _word("14-09-2018", 80),
             _word("BLEUE", 10, 200), _word("13:30", 70, 200),
             _word("Date:", 10, 300),
             _word("Total", 10, 400), _word("12.50", 80, 400)]
    spots = date_spots(words, 600)
    assert [tuple(w.text for w in s.words) for s in spots] == [("14-09-2018",), ("BLEUE",), ()]
    assert spots[2].box.x0 > words[4].box.x1 and spots[2].box.y0 == 300


def test_a_time_with_nothing_or_only_a_long_number_before_it_marks_the_blank_there():
    words = [_word("13:30", 300, 100),
             _word("#001-001-0934-0001", 10, 200), _word("13:30-R", 400, 200),
             _word("Time:", 200, 300), _word("10:18:00", 260, 300)]
    spots = date_spots(words, 600)
    assert [(s.words, s.box.x0, s.box.x1) for s in spots] == [((), 300 - 12 * 20, 299), ((), 191, 399)]


def test_a_label_followed_by_a_date_is_no_extra_spot():
    words = [_word("Date:", 10), _word("14/03/2018", 70)]
    assert [tuple(w.text for w in s.words) for s in date_spots(words, 600)] == [("14/03/2018",)]


def test_a_plausible_first_reading_stands():
    assert decide("14-09-2018", ["14-03-2018", "14-03-2018"], 1990, 2030) is None


def test_a_missing_or_broken_date_takes_the_re_read_one():
    assert decide("92/02/2018", ["02/02/2018 1", "; 02/02/2018"], 1990, 2030) == "02/02/2018"
    assert decide("DEMANDE", ["N3/06/2017 5", "OS/06/2017 5"], 1990, 2030) == "N3/06/2017 5"
    assert decide("1% 4/2017,", ["", "Date 18/O4/2017"], 1990, 2030) == "18/04/2017"


def test_re_reads_that_disagree_change_nothing():
    assert decide("DEMANDE", ["02/02/2018", "03/02/2018"], 1990, 2030) is None
    assert decide("DEMANDE", ["02/02/2018", "03/02/2018", "03/02/2018 1", "02/02/2018"], 1990, 2030) is None
    assert decide("DEMANDE", ["no date", "none"], 1990, 2030) is None


def test_a_read_date_is_disputed_only_when_closer_readings_outvote_it():
    assert disputed("14/09/2018", ["14/03/2018", "14/03/2018", "10/03/2018", "14/03/2018"], 1990, 2030) \
        == dt.date(2018, 3, 14)
    assert disputed("16/02/2018", ["16/02/2018", "18/02/2018", "18/02/2018", "16/02/2018"], 1990, 2030) is None  # 2:2
    assert disputed("15/02/2018", ["15/02/2018", "18/02/2018", "16/02/2018", "18/02/2018"], 1990, 2030) \
        == dt.date(2018, 2, 18)
    assert disputed("14/09/2018", ["14/03/2018", "", "none", "14/09/2018"], 1990, 2030) is None  # one dissent
    assert disputed("14/09/2018", ["14/09/2018"] * 4, 1990, 2030) is None
    assert disputed("DEMANDE", ["14/03/2018"] * 4, 1990, 2030) is None  # nothing read: decide() fills it in


def test_a_read_date_is_overruled_only_by_three_agreeing_readings_and_none_for_it():
    assert overruled("14/09/2018", ["14/03/2018", "14/03/2018", "10/03/2018", "14/03/2018"], 1990, 2030) \
        == "14/03/2018"
    assert overruled("18/03/2018", ["18/03/2018", "19/03/2018", "19/03/2018", "19/03/2018"], 1990, 2030) is None
    assert overruled("15/02/2018", ["18/02/2018", "18/02/2018", "16/02/2018", ""], 1990, 2030) is None
    assert overruled("DEMANDE", ["14/03/2018"] * 4, 1990, 2030) is None  # nothing read: decide() fills it in


def test_the_date_most_re_reads_agree_on_wins():
    assert decide("22022018", ["27/03/2078", "22/03/2018", "22/03/2018.", "27/03/2018"], 1990, 2030) == "22/03/2018"


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _printed(*texts: tuple[int, str]) -> tuple[Image.Image, dict[str, Box]]:
    """A strip of paper with each text printed at its x; the picture and each text's box."""
    img = Image.new("L", (520, 60), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 18)
    boxes = {}
    for x, text in texts:
        draw.text((x, 20), text, font=font, fill=0)
        boxes[text] = Box(*draw.textbbox((x, 20), text, font=font))
    return img, boxes


def _read_again(img: Image.Image, words: list[Word]) -> list[Word]:
    ocr = TesseractOcr("eng")
    return reread_dates(img, words, lambda pic: ocr.words(pic, 6), 1990, 2030)


@needs_tesseract
def test_a_misread_date_is_read_again_from_the_picture():
    img, box = _printed((10, "Date:"), (100, "14/03/2018"), (260, "10:06"))
    words = [Word("Date:", box["Date:"], 0.9, "ocr"), Word("14/93/2O1", box["14/03/2018"], 0.5, "ocr"),
             Word("10:06", box["10:06"], 0.9, "ocr")]
    out = _read_again(img, words)
    assert [w.text for w in out] == ["Date:", "14/03/2018", "10:06"]
    assert out[1].box == words[1].box


@needs_tesseract
def test_a_plausible_date_the_picture_clearly_contradicts_is_replaced_and_kept_as_the_other_reading():
    img, box = _printed((100, "14/03/2018"), (260, "10:06"))
    words = [Word("14/08/2018", box["14/03/2018"], 0.8, "ocr"), Word("10:06", box["10:06"], 0.9, "ocr")]
    out = _read_again(img, words)
    assert [(w.text, w.alt) for w in out] == [("14/03/2018", "2018-08-14"), ("10:06", None)]
    assert out[0].box == words[0].box

    right = [words[0]._replace(text="14/03/2018"), words[1]]
    assert _read_again(img, right) == right


def test_only_the_first_few_dates_read_are_read_again():
    img = Image.new("L", (400, 800), 255)
    words = [_word(f"{d:02d}/03/2018", 20, 20 + 40 * d) for d in range(1, 16)]
    seen = []
    out = reread_dates(img, words, lambda pic: seen.append(pic.size) or [], 1990, 2030)
    assert out == words  # nothing read again: nothing changes
    checked, _ = stack(img, date_spots(words, 400)[:MAX_CHECKED])
    assert seen == [checked.size]
