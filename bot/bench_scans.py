"""Born-digital invoices as scans: each PDF of a dataset rendered to a greyscale multi-page TIFF, so that the same
documents and labels measure the OCR path on full-page invoices: as a clean scan, as a phone photo (tilted,
slightly blurred, JPEG), and as a phone photo taken at an angle of the page lying on a desk (bench_photos)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageFilter

from .bench_photos import desk_photo

DPI = 200


TILTS = (-2.5, 1.5, 3.0, -1.0)  # degrees, page by page, as a hand-held phone turns them


def _as_photo(page: Image.Image, tilt: float) -> Image.Image:
    """A page as a phone photo: turned a little on a light background, slightly out of focus, JPEG at 60."""
    turned = page.rotate(tilt, expand=True, fillcolor=235, resample=Image.Resampling.BICUBIC)
    buf = BytesIO()
    turned.filter(ImageFilter.GaussianBlur(0.8)).save(buf, "JPEG", quality=60)
    with Image.open(buf) as img:
        return img.convert("L")


def render(pdf: Path, out: Path, dpi: int = DPI, photo_of: int | None = None, desk: bool = False) -> None:
    """pdf's pages as one greyscale TIFF at out (pdftoppm, as a scanner would deliver them); with photo_of,
    each page as a phone photo, the tilts starting at that place in TILTS (with desk: on a desk, photo_of
    seeding its look)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True,
                       capture_output=True)
        pages = []
        for i, p in enumerate(sorted(Path(tmp).glob("p*.png"))):
            with Image.open(p) as img:
                page = img.convert("L")
            if photo_of is not None and desk:
                page = desk_photo(page, 1000 * photo_of + i)[0]
            elif photo_of is not None:
                page = _as_photo(page, TILTS[(photo_of + i) % len(TILTS)])
            pages.append(page)
        pages[0].save(out, save_all=True, append_images=pages[1:], compression="tiff_deflate")


def scanned_copy(dataset: Path, out: Path, limit: int | None = None, photos: bool = False, desk: bool = False) -> Path:
    """A dataset folder at out whose documents are dataset's PDFs rendered as scans (or phone photos, or photos
    of the page on a desk), with the same labels."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    with open(dataset / "truth.jsonl", encoding="utf-8") as src, open(out / "truth.jsonl", "w", encoding="utf-8") as dst:
        for n, line in enumerate([ln for ln in src if ln.strip()][:limit]):
            record = json.loads(line)
            target = Path("docs") / (Path(record["file"]).stem + ".tif")
            render(dataset / record["file"], out / target, photo_of=n if photos or desk else None, desk=desk)
            dst.write(json.dumps({**record, "file": str(target)}) + "\n")
    return out
