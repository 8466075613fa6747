"""The `invoicebot` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from core.errors import ConfigError

from .logs import setup_logging
from .settings import Settings


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="invoicebot", description="Invoice capture: read, check and store invoices.")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fields without storing anything")
    ex.add_argument("--json", action="store_true", help="one JSON object per line per file")
    ex.add_argument("--text", action="store_true", help="print the text lines as read (for debugging)")
    ex.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("run", help="every configured channel and the job runner in one process")
    chat = sub.add_parser("chat", help="the console channel: file paths and chat messages, one per line")
    chat.add_argument("files", nargs="*", metavar="FILE", help="files uploaded before reading standard input")
    chat.add_argument("--lang", default=None, help="reply language (en, de, fr, es)")
    exp = sub.add_parser("export", help="the stored invoices as an Excel workbook")
    exp.add_argument("--chat", default=None, metavar="ID", help="one chat (tenant), e.g. console:local")
    exp.add_argument("--from", dest="date_from", default=None, metavar="DATE", help="invoice date from (YYYY-MM-DD)")
    exp.add_argument("--to", dest="date_to", default=None, metavar="DATE", help="invoice date to (YYYY-MM-DD)")
    exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    bench = sub.add_parser("bench", help="measure intake/OCR speed and extraction scores on datasets")
    bench.add_argument("datasets", nargs="*", help="dataset folders (default: ../shared/datasets/*)")
    bench.add_argument("--limit", type=int, default=None, help="documents per dataset")
    bench.add_argument("--no-floor", action="store_true", help="skip the raw engine floor")
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
    if args.command in ("run", "chat"):
        return _chat(settings, getattr(args, "files", []), getattr(args, "lang", None), args.command == "run")
    if args.command == "export":
        from .export_cmd import run_export

        return run_export(settings, args.chat, args.date_from, args.date_to, args.output)
    if args.command == "bench":
        from .bench import run_bench

        return run_bench(args.datasets, args.limit, settings, floor=not args.no_floor)
    return 2


def _chat(settings: Settings, files: list[str], language: str | None, run: bool) -> int:
    from . import bootstrap

    try:
        served = bootstrap.chat_channels(settings) if run else []
    except ConfigError as exc:
        print(f"invoicebot: {exc}", file=sys.stderr)
        return 2
    if served:
        app = bootstrap.build(settings, served, language=language)
        print(f"invoicebot: serving {', '.join(ch.name for ch in served)}.", file=sys.stderr, flush=True)
        asyncio.run(bootstrap.serve(app))
        return 0
    if run:
        configured = bootstrap.configured_channels(settings)
        if configured:
            print(f"invoicebot: channels configured ({', '.join(configured)}) are served by their own adapters; "
                  "this process serves the console channel.", file=sys.stderr)
        print("invoicebot: console channel ready. Type a file path to upload an invoice, /help for help.",
              file=sys.stderr, flush=True)
    channel = bootstrap.console(settings, files, language=language)
    app = bootstrap.build(settings, [channel], language=language)
    try:
        asyncio.run(bootstrap.run_console(app, channel))
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:  # SIGTERM
        return 143
    return 0


if __name__ == "__main__":
    sys.exit(main())
