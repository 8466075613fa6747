"""Fixtures for these tests: the shared ones in tests/conftest.py, a clean runner environment and Postgres."""

from tests.fakes.env import clean_loop_env  # noqa: F401
from tests.fakes.postgres import postgres_server, postgres_url  # noqa: F401
