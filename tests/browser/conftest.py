"""Browser journeys in Debian's Chromium (never a downloaded browser), against a live server."""

from __future__ import annotations

import shutil

import pytest

from conftest import load_reference_data

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture
def live_data(transactional_db: None) -> None:
    """The live server's test flushes every table afterwards, so load the reference again."""
    load_reference_data()


def log_in(page, base_url: str, username: str, password: str) -> None:  # noqa: ANN001
    page.goto(f"{base_url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/")
