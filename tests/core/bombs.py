"""Small files that decode into huge ones (pages, images, amounts), built byte by byte, and a way to
run one through `invoicebot extract --json` in a child process and measure the child's peak memory."""

from __future__ import annotations

import json
import os
import resource
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GB = 1024 ** 3
# the child may reserve address space, but never more than this: a bomb fails the test, not the machine
CHILD_ADDRESS_SPACE = 6 * GB

_EXTRACT = (
    "import sys\n"
    "from bot.extract_cmd import run_extract\n"
    "from core.work import WorkConfig\n"
    "sys.exit(run_extract(sys.argv[1:], True, WorkConfig(ocr_languages='eng'), 1))\n"
)


@dataclass(frozen=True)
class Measured:
    record: dict | None  # the JSON line, None when the child printed none (or an absurd one)
    peak_rss: int  # bytes, the largest of the child and the processes it waited for (tesseract)
    output_bytes: int
    status: int


def extract_measured(path: Path, max_output: int = 1024 * 1024) -> Measured:
    """Run the extract command on one file in a child process; its peak RSS from wait4."""
    out = path.with_suffix(path.suffix + ".out")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_ADDRESS_SPACE, CHILD_ADDRESS_SPACE))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAX_", "OCR_"))}
    env["PYTHONPATH"] = str(ROOT)
    with out.open("wb") as fh:
        proc = subprocess.Popen([sys.executable, "-c", _EXTRACT, str(path)], stdout=fh, stderr=subprocess.DEVNULL,
                                cwd=path.parent, env=env, preexec_fn=limit)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    size = out.stat().st_size
    record = None
    if 0 < size <= max_output:
        record = json.loads(out.read_text().splitlines()[0])
    out.unlink()
    return Measured(record, usage.ru_maxrss * 1024, size, proc.returncode)


# --- PDF -------------------------------------------------------------------------------------------


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF whose objects are numbered 1.. in order; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def huge_page_pdf(inches: float = 200, pages: int = 1) -> bytes:
    """Blank pages of inches x inches (14400 pt for 200 in): a few hundred bytes."""
    side = round(inches * 72)
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % (side, side)] * pages
    return pdf_bytes(objects)


def with_attachment(pdf: bytes, name: str, payload: bytes) -> bytes:
    """The PDF with a file attached (how Factur-X carries its XML), through pdfium."""
    import ctypes
    from io import BytesIO

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(pdf)
    try:
        wide = (ctypes.c_ushort * (len(name) + 1))(*map(ord, name), 0)
        att = raw.FPDFDoc_AddAttachment(doc.raw, ctypes.cast(wide, raw.FPDF_WIDESTRING))
        raw.FPDFAttachment_SetFile(att, doc.raw, ctypes.create_string_buffer(payload, len(payload)), len(payload))
        out = BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()


def zlib_of(pieces: list[tuple[bytes, int]]) -> bytes:
    """The zlib stream of each piece repeated its number of times, in order, compressing each piece once: a full
    flush makes a compressed piece independent of what came before, so its bytes can be repeated."""
    out, adler = [b"\x78\x9c"], 1
    for piece, times in pieces:
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = z.compress(piece) + z.flush(zlib.Z_FULL_FLUSH)
        out.append(block * times)
        for _ in range(times):
            adler = zlib.adler32(piece, adler)
    out.append(zlib.compressobj(9, zlib.DEFLATED, -15).flush())  # the final, empty block
    out.append(struct.pack(">I", adler))
    return b"".join(out)


def repeated_rows(row: bytes, rows: int, per_piece: int = 500) -> list[tuple[bytes, int]]:
    """Pieces for zlib_of: rows times the row, in pieces of per_piece rows."""
    whole, rest = divmod(rows, per_piece)
    return [(row * per_piece, whole)] + ([(row * rest, 1)] if rest else [])


def big_image_pdf(side: int = 30000, page_pt: tuple[float, float] = (595, 842)) -> bytes:
    """One page (A4 unless told) showing a side x side grey picture, white with a dark band: under 1 MB."""
    white = b"\xff" * side
    dark = b"\xff" * (side // 4) + b"\x20" * (side // 2) + b"\xff" * (side - side // 4 - side // 2)
    band = side // 20
    top, bottom = side // 3, side - side // 3 - band
    data = zlib_of(repeated_rows(white, top) + repeated_rows(dark, band) + repeated_rows(white, bottom))
    w, h = page_pt
    content = b"q %g 0 0 %g 0 0 cm /Im0 Do Q" % (w, h)
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Resources << /XObject << /Im0 5 0 R >> >>"
        b" /Contents 4 0 R >>" % (w, h),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(data)) + data + b"\nendstream",
    ])


# --- PNG and TIFF ----------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def rgba_png(width: int, height: int) -> bytes:
    """A transparent RGBA PNG (reads as a blank white page): 79 megapixels in about 300 KB."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    idat = zlib_of(repeated_rows(b"\x00" * (1 + 4 * width), height))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def rgba_tiff(width: int, height: int, frames: int) -> bytes:
    """A little-endian TIFF of `frames` white RGBA pages, deflate-compressed; every frame shares one strip."""
    strip = zlib_of(repeated_rows(b"\xff" * (4 * width), height))
    header = b"II*\x00"
    ifd_size = 2 + 12 * 11 + 4
    bits_at = 8
    strip_at = bits_at + 8
    first_ifd = strip_at + len(strip)
    first_ifd += first_ifd % 2
    body = bytearray(header + struct.pack("<I", first_ifd))
    body += struct.pack("<4H", 8, 8, 8, 8) + strip
    body += b"\x00" * (first_ifd - len(body))

    def entry(tag: int, kind: int, count: int, value: int) -> bytes:
        """kind 3 (SHORT) holds one value in place; kind 4 (LONG) a value, or the offset of several."""
        if kind == 4 or count > 2:
            return struct.pack("<HHII", tag, kind, count, value)
        return struct.pack("<HHIHH", tag, kind, count, value, 0)

    for i in range(frames):
        at = first_ifd + i * ifd_size
        nxt = at + ifd_size if i + 1 < frames else 0
        entries = [
            entry(256, 4, 1, width), entry(257, 4, 1, height), entry(258, 3, 4, bits_at),
            entry(259, 3, 1, 8), entry(262, 3, 1, 2), entry(273, 4, 1, strip_at), entry(277, 3, 1, 4),
            entry(278, 4, 1, height), entry(279, 4, 1, len(strip)), entry(284, 3, 1, 1), entry(338, 3, 1, 2),
        ]
        body += struct.pack("<H", len(entries)) + b"".join(entries) + struct.pack("<I", nxt)
    return bytes(body)
