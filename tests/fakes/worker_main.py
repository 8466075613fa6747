"""`invoicebot worker` with one of the worker-process doubles of tests/fakes/work.py (argv[1])."""

from __future__ import annotations

import asyncio
import sys

from bot.bootstrap import WorkSpec, run_worker
from bot.logs import setup_logging
from bot.settings import Settings
from tests.fakes import work

if __name__ == "__main__":
    settings = Settings()
    setup_logging(settings.log_level)
    asyncio.run(run_worker(settings, WorkSpec(getattr(work, sys.argv[1]), work.init)))
