"""A loopback TCP proxy in the test's event loop that can freeze its open connections (a server that stops
answering without closing anything), or a port that accepts and never says a word."""

from __future__ import annotations

import asyncio


class FreezingProxy:
    """Forwards 127.0.0.1:<port> to a target; freeze() stops every open connection's traffic, new ones flow."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self.connections = 0
        self.connected = asyncio.Event()  # set at each new connection
        self._frozen: list[asyncio.Event] = []
        self._tasks: set[asyncio.Task] = set()
        self._server: asyncio.Server | None = None

    async def start(self) -> FreezingProxy:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def freeze(self) -> None:
        for flag in self._frozen:
            flag.set()

    async def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        frozen = asyncio.Event()
        self._frozen.append(frozen)
        self.connections += 1
        self.connected.set()
        pipes = [asyncio.create_task(_pipe(reader, up_writer, frozen)),
                 asyncio.create_task(_pipe(up_reader, writer, frozen))]
        self._tasks.update(pipes)
        try:
            await asyncio.gather(*pipes, return_exceptions=True)
        finally:
            for w in (writer, up_writer):
                w.close()


async def _pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, frozen: asyncio.Event) -> None:
    while data := await src.read(65536):
        if frozen.is_set():
            await asyncio.Event().wait()  # hold everything, close nothing
        dst.write(data)
        await dst.drain()


class SilentPort:
    """A port that accepts connections and never sends a greeting; `accepted` is set at the first one."""

    def __init__(self) -> None:
        self.accepted = asyncio.Event()
        self.port = 0
        self._held: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> SilentPort:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._held.append(writer)
        self.accepted.set()

    def close(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in self._held:
            writer.close()
