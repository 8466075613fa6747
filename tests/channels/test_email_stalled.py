"""A mail server that stops answering: the channel gives up after its timeout, reconnects and reads on;
stopping it never waits for the silent server."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import signal
import subprocess
import sys

from bot import bootstrap
from tests.channels.test_email import ALICE
from tests.channels.test_email_run import env_for
from tests.fakes.mailbox import mail, text_of
from tests.fakes.tcp_proxy import FreezingProxy, SilentPort


def lost(caplog, error: str) -> int:
    return sum(r.getMessage() == "mailbox connection lost; reconnecting" and r.data["error"] == error
               for r in caplog.records)


async def test_a_server_that_never_greets_is_given_up_and_retried(mail_settings, caplog):
    server = await SilentPort().start()
    settings = mail_settings.model_copy(update=dict(imap_port=server.port))
    channel = bootstrap.email_channel(settings)
    channel.config = dataclasses.replace(channel.config, timeout=0.3, backoff=(0.05, 0.1))
    app = bootstrap.build(settings, [channel])
    caplog.set_level(logging.INFO)
    await channel.start(app.conversation)
    try:
        async with asyncio.timeout(30):
            while lost(caplog, "TimeoutError") < 2:
                await asyncio.sleep(0.05)
        assert not channel.connected.is_set()
    finally:
        async with asyncio.timeout(10):  # a bound against hanging: stop does not wait out a connection
            await channel.stop()
        server.close()


async def test_a_server_that_stalls_while_idling_is_left_and_reconnected(mail_settings, dovecot, mailbox, smtp,
                                                                         caplog):
    proxy = await FreezingProxy(dovecot.host, dovecot.port).start()
    settings = mail_settings.model_copy(update=dict(imap_port=proxy.port))
    channel = bootstrap.email_channel(settings)
    channel.config = dataclasses.replace(channel.config, timeout=0.5, idle_timeout=1.0, backoff=(0.05, 0.1))
    app = bootstrap.build(settings, [channel])
    caplog.set_level(logging.INFO)
    async with app.runner:
        await channel.start(app.conversation)
        try:
            async with asyncio.timeout(30):
                await channel.idling.wait()
            proxy.connected.clear()
            proxy.freeze()  # the server goes silent: no answer to the renewal of IDLE, nothing closed
            async with asyncio.timeout(30):
                await proxy.connected.wait()  # the channel gave up on it and came back
            mailbox.append(mail(ALICE, "Status", "/status"))
            [answer] = await smtp.wait_for(1)
            assert text_of(answer).strip() == "No files in progress."
            assert lost(caplog, "TimeoutError") == 1 and proxy.connections == 2
        finally:
            await channel.stop()
            await proxy.close()


async def test_sigterm_while_connecting_to_a_silent_server_exits_without_waiting_for_it(mail_settings, tmp_path):
    server = await SilentPort().start()
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env_for(mail_settings, IMAP_PORT=str(server.port)),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        async with asyncio.timeout(60):
            await server.accepted.wait()  # the channel waits for a greeting, for up to 30 s
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(20):  # less than that wait: the exit does not sit it out
            _, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()[-2000:]
    finally:
        server.close()
