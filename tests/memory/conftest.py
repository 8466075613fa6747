"""Fixtures for these tests: the shared ones in tests/conftest.py plus a clean runner environment."""

from tests.fakes.env import clean_loop_env  # noqa: F401
