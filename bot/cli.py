"""The `invoicebot` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .logs import setup_logging
from .settings import Settings

SAMPLE = Path(__file__).parent / "samples" / "sample-invoice.pdf"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="invoicebot", description="Invoice capture: read, check and store invoices.")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fields without storing anything")
    ex.add_argument("--json", action="store_true", help="one JSON object per line per file")
    ex.add_argument("--text", action="store_true", help="print the text lines as read (for debugging)")
    ex.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("run", help="every configured channel and the job runner in one process")
    bench = sub.add_parser("bench", help="measure intake/OCR speed and extraction scores on datasets")
    bench.add_argument("datasets", nargs="*", help="dataset folders (default: ../shared/datasets/*)")
    bench.add_argument("--limit", type=int, default=None, help="documents per dataset")
    bench.add_argument("--no-floor", action="store_true", help="skip the raw engine floor")
    bench.add_argument("--no-score", action="store_true", help="skip the extraction scores")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    setup_logging(settings.log_level)
    if args.command == "extract":
        from .extract_cmd import print_text, run_extract

        if args.text:
            return print_text(args.files, settings.ocr_languages, settings.ocr_timeout, settings.read_options())
        return run_extract(args.files, args.json, settings.ocr_languages, settings.ocr_timeout,
                           settings.read_options(), settings.workers)
    if args.command == "run":
        return _run(settings)
    if args.command == "bench":
        from .bench import run_bench

        return run_bench(args.datasets, args.limit, settings, floor=not args.no_floor, scores=not args.no_score)
    return 2


def _run(settings: Settings) -> int:
    from .extract_cmd import run_extract

    print("invoicebot: no chat channel is built into this version yet; "
          f"running the extractor on the bundled sample ({SAMPLE.name}) instead.", flush=True)
    return run_extract([str(SAMPLE)], False, settings.ocr_languages, settings.ocr_timeout,
                       settings.read_options(), 1)


if __name__ == "__main__":
    sys.exit(main())
