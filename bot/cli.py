"""The `invoicebot` command line (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from core.errors import ConfigError, StorageError

from .logs import setup_logging
from .settings import Settings
from .settings import load as load_settings

SERVED = ("telegram", "slack", "email")  # channels with an adapter in this build; others fall back to the console


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="invoicebot", description="Invoice capture: read, check and store invoices.")
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract fields without storing anything")
    ex.add_argument("--json", action="store_true", help="one JSON object per line per file")
    ex.add_argument("--text", action="store_true", help="print the text lines as read (for debugging)")
    ex.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("run", help="every configured channel and the job runner in one process")
    sub.add_parser("web", help="webhooks, Slack endpoints, /healthz, /readyz, /metrics; with REDIS_URL set, "
                              "jobs are left to `invoicebot worker` processes")
    sub.add_parser("worker", help="run jobs from the Redis Stream at REDIS_URL (any number, on any machine)")
    chat = sub.add_parser("chat", help="the console channel: file paths and chat messages, one per line")
    chat.add_argument("files", nargs="*", metavar="FILE", help="files uploaded before reading standard input")
    chat.add_argument("--lang", default=None, help="reply language (en, de, fr, es)")
    exp = sub.add_parser("export", help="the stored invoices as an Excel workbook")
    exp.add_argument("--chat", default=None, metavar="ID", help="one chat (tenant), e.g. console:local")
    exp.add_argument("--from", dest="date_from", default=None, metavar="DATE", help="invoice date from (YYYY-MM-DD)")
    exp.add_argument("--to", dest="date_to", default=None, metavar="DATE", help="invoice date to (YYYY-MM-DD)")
    exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
    db = sub.add_parser("db", help="the database schema of DATABASE_URL")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="migrate to the newest revision (run, web and chat do it when they start)")
    db_sub.add_parser("current", help="print the revision the database is at ('none' before any migration)")
    bench = sub.add_parser("bench", help="measure intake/OCR speed and extraction scores on datasets")
    bench.add_argument("datasets", nargs="*", help="dataset folders (default: ../shared/datasets/*)")
    bench.add_argument("--limit", type=int, default=None, help="documents per dataset")
    bench.add_argument("--no-floor", action="store_true", help="skip the raw engine floor")
    bench.add_argument("--no-score", action="store_true", help="skip the extraction scores")
    bench.add_argument("--no-runner", action="store_true", help="skip the job runner figures")
    bench.add_argument("--scans", action="store_true",
                       help="also score the born-digital sets rendered as 200 dpi scans (the OCR path on invoices)")
    bench.add_argument("--ocr", action="store_true",
                       help="only the OCR engines side by side (cli, api, paddle, combined): speed, totals and "
                            "dates in the text of receipts, accented words of invoices")
    bench.add_argument("--llm", action="store_true",
                       help="only the LLM tier figures: share of documents that would call the model, prompt tokens")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"invoicebot: {exc}", file=sys.stderr)
        return 2
    setup_logging("WARNING" if args.command == "bench" else settings.log_level)
    try:
        return _dispatch(args, settings)
    except StorageError as exc:  # e.g. a database that cannot be opened or written at start
        print(f"invoicebot: {exc}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "extract":
        from .extract_cmd import print_text, run_extract

        if args.text:
            return print_text(args.files, settings.ocr_languages, settings.ocr_timeout, settings.read_options(),
                              engine=settings.ocr_engine)
        # no bootstrap here: extract needs neither channels nor storage, and importing them costs ~0.9 s
        return run_extract(args.files, args.json, settings.local_work(per_job_ocr=settings.workers),
                           settings.workers)
    if args.command == "worker":
        return _worker(settings)
    if args.command == "web" or (args.command == "run" and bootstrap_channels(settings)):
        return _serve(settings, web=args.command == "web")
    if args.command in ("run", "chat"):
        return _chat(settings, getattr(args, "files", []), getattr(args, "lang", None), args.command == "run")
    if args.command == "export":
        from .export_cmd import run_export

        return run_export(settings, args.chat, args.date_from, args.date_to, args.output)
    if args.command == "db":
        from .db_cmd import run_db

        return run_db(settings, args.db_command)
    if args.command == "bench" and args.ocr:
        from .bench import default_datasets
        from .bench_ocr import run_ocr_bench

        base = Path(args.datasets[0]) if args.datasets else (default_datasets() or [Path(".")])[0].parent
        return run_ocr_bench(base, args.limit, settings.ocr_languages)
    if args.command == "bench":
        from .bench import run_bench

        return run_bench(args.datasets, args.limit, settings, floor=not args.no_floor, scores=not args.no_score,
                         runner=not args.no_runner, llm_only=args.llm, scans=args.scans)
    return 2


def bootstrap_channels(settings: Settings) -> list[str]:
    """Names of the configured chat channels that this build has an adapter for."""
    from . import bootstrap

    return [name for name in bootstrap.configured_channels(settings) if name in SERVED]


def _serve(settings: Settings, web: bool) -> int:
    """Every configured channel, the runner and the HTTP side, until SIGINT/SIGTERM."""
    from . import bootstrap

    try:
        channels = bootstrap.chat_channels(settings)
    except ConfigError as exc:
        print(f"invoicebot: {exc}", file=sys.stderr)
        return 2
    names = ", ".join(ch.name for ch in channels) or "none"
    print(f"invoicebot: serving channels: {names}.", file=sys.stderr, flush=True)
    app = bootstrap.build(settings, channels, workers=0 if web and settings.redis_url else None)
    asyncio.run(bootstrap.run_service(app, web=web))
    return 0


def _worker(settings: Settings) -> int:
    from . import bootstrap

    try:
        asyncio.run(bootstrap.run_worker(settings))
    except ConfigError as exc:
        print(f"invoicebot: {exc}", file=sys.stderr)
        return 2
    return 0


def _chat(settings: Settings, files: list[str], language: str | None, run: bool) -> int:
    """`chat`: the console channel. `run`: every configured channel, or the console when there is none."""
    from . import bootstrap

    channels = bootstrap.chat_channels(settings) if run else []
    console = None
    if not channels:
        if run:
            sample = Path(__file__).parent / "samples" / "sample-invoice.pdf"
            print("invoicebot: no chat channel configured; console channel ready. Type a file path to upload "
                  f"an invoice (try {sample}), /help for help.", file=sys.stderr, flush=True)
        console = bootstrap.console(settings, files, language=language)
        channels = [console]
    app = bootstrap.build(settings, channels, language=language)
    try:
        asyncio.run(bootstrap.serve(app, console))
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:  # SIGTERM
        return 143
    return 0


if __name__ == "__main__":
    sys.exit(main())
