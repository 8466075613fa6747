"""Born-digital invoices as scans: each PDF of a dataset rendered to a greyscale multi-page TIFF, so that the same
documents and labels measure the OCR path on full-page invoices: as a clean scan, and as a phone photo (tilted,
slightly blurred, JPEG)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageFilter

DPI = 200


TILTS = (-2.5, 1.5, 3.0, -1.0)  # degrees, page by page, as a hand-held phone turns them


def _as_photo(page: Image.Image, tilt: float) -> Image.Image:
    """A page as a phone photo: turned a little on a light background, slightly out of focus, JPEG at 60."""
    turned = page.rotate(tilt, expand=True, fillcolor=235, resample=Image.Resampling.BICUBIC)
    buf = BytesIO()
    turned.filter(ImageFilter.GaussianBlur(0.8)).save(buf, "JPEG", quality=60)
    with Image.open(buf) as img:
        return img.convert("L")


def render(pdf: Path, out: Path, dpi: int = DPI, photo_of: int | None = None) -> None:
    """pdf's pages as one greyscale TIFF at out (pdftoppm, as a scanner would deliver them); with photo_of,
    each page as a phone photo, the tilts starting at that place in TILTS."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True,
                       capture_output=True)
        pages = []
        for i, p in enumerate(sorted(Path(tmp).glob("p*.png"))):
            with Image.open(p) as img:
                page = img.convert("L")
            pages.append(page if photo_of is None else _as_photo(page, TILTS[(photo_of + i) % len(TILTS)]))
        pages[0].save(out, save_all=True, append_images=pages[1:], compression="tiff_deflate")


def scanned_copy(dataset: Path, out: Path, limit: int | None = None, photos: bool = False) -> Path:
    """A dataset folder at out whose documents are dataset's PDFs rendered as scans (or phone photos), with
    the same labels."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    with open(dataset / "truth.jsonl", encoding="utf-8") as src, open(out / "truth.jsonl", "w", encoding="utf-8") as dst:
        for n, line in enumerate([ln for ln in src if ln.strip()][:limit]):
            record = json.loads(line)
            target = Path("docs") / (Path(record["file"]).stem + ".tif")
            render(dataset / record["file"], out / target, photo_of=n if photos else None)
            dst.write(json.dumps({**record, "file": str(target)}) + "\n")
    return out
