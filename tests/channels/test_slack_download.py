"""Slack file downloads read to the end (the fake sends them in small pieces) and refused past the limit."""

from __future__ import annotations

import hashlib
import os

import aiohttp
import pytest

from channels import slack_intake as intake
from core.errors import DocumentTooLarge
from tests.channels.slack_kit import DM, TOKEN, file_share, running
from tests.channels.test_slack import FAST, with_buttons
from tests.fakes.slack_api import TEAM, FakeSlackApi


@pytest.fixture
async def api():
    fake = await FakeSlackApi(TOKEN).start()
    yield fake
    await fake.close()


def big_jpeg(size: int) -> bytes:
    return b"\xff\xd8\xff\xe0" + os.urandom(size - 4)


async def test_a_file_of_several_megabytes_is_read_whole(api):
    data = big_jpeg(3 * 1024 * 1024)
    ref = intake.ref(api.add_file("photo.jpg", data, "image/jpeg"))
    async with aiohttp.ClientSession() as session:
        got = await intake.download(session, ref, TOKEN, f"{api.url}/api/", 25 * 1024 * 1024)
    assert len(got) == len(data) and got == data


async def test_a_file_larger_than_announced_is_refused_once_past_the_limit(api):
    stored = api.add_file("huge.pdf", b"%PDF-1.4\n" + os.urandom(2 * 1024 * 1024))
    unknown_size = intake.FileRef(stored["id"], "huge.pdf", None, stored["url_private_download"])
    async with aiohttp.ClientSession() as session:
        with pytest.raises(DocumentTooLarge) as refused:
            await intake.download(session, unknown_size, TOKEN, f"{api.url}/api/", 1024 * 1024)
    assert (refused.value.limit, refused.value.unit) == (1.0, "MB")


async def test_a_shared_file_of_several_megabytes_becomes_a_job_of_the_same_bytes(settings, api):
    data = big_jpeg(3 * 1024 * 1024)
    async with running(settings, api, work=FAST) as slack:
        status, _ = await slack.event(file_share([api.add_file("photo.jpg", data, "image/jpeg")], DM))
        assert status == 200
        await api.wait(lambda a: with_buttons(a), "the summary")
        [job] = slack.app.store.jobs(f"slack:{TEAM}:{DM}", ("awaiting_review",))
    assert job.sha256 == hashlib.sha256(data).hexdigest()
