"""Born-digital invoices as scans: each PDF of a dataset rendered to a greyscale multi-page TIFF, so that the same
documents and labels measure the OCR path on full-page invoices (a photo or a scan of a printed invoice)."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

DPI = 200


def render(pdf: Path, out: Path, dpi: int = DPI) -> None:
    """pdf's pages as one greyscale TIFF at out (pdftoppm, as a scanner or a phone would deliver them)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{tmp}/p"], check=True,
                       capture_output=True)
        pages = []
        for p in sorted(Path(tmp).glob("p*.png")):
            with Image.open(p) as img:
                pages.append(img.convert("L"))
        pages[0].save(out, save_all=True, append_images=pages[1:], compression="tiff_deflate")


def scanned_copy(dataset: Path, out: Path, limit: int | None = None) -> Path:
    """A dataset folder at out whose documents are dataset's PDFs rendered as scans, with the same labels."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    with open(dataset / "truth.jsonl", encoding="utf-8") as src, open(out / "truth.jsonl", "w", encoding="utf-8") as dst:
        for line in [ln for ln in src if ln.strip()][:limit]:
            record = json.loads(line)
            target = Path("docs") / (Path(record["file"]).stem + ".tif")
            render(dataset / record["file"], out / target)
            dst.write(json.dumps({**record, "file": str(target)}) + "\n")
    return out
