"""What every recording fake server shares: serving an aiohttp app on a free loopback port,
and waiting (bounded) until the recorded calls satisfy a condition."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiohttp import web


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    """Start app on 127.0.0.1 with a free port; returns the runner (to clean up) and the base URL."""
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.1, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


class Waits:
    """Mixin for fakes with `calls` (each with a `method`) and a `_changed` asyncio.Condition."""

    calls: list[Any]
    _changed: asyncio.Condition

    async def wait(self, condition, what: str, limit: float = 120.0) -> Any:
        """Until condition(self) is truthy; the limit only guards against hanging, it is no timing goal."""
        deadline = time.monotonic() + limit
        async with self._changed:
            while not (result := condition(self)):
                left = deadline - time.monotonic()
                assert left > 0, f"gave up waiting for {what}; calls: {[c.method for c in self.calls]}"
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    pass
            return result
