"""Helpers of the browser tests: a 360-px phone, logging in, screenshots, no sideways scroll."""

from __future__ import annotations

from pathlib import Path

from tests.factories.accounts import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def phone_page(browser, locale: str = "ar-MA", *, height: int = 740, timeout: int = 15000):
    """Open a page in a fresh 360-px-wide context (its own cookies: one person per phone)."""
    context = browser.new_context(viewport={"width": 360, "height": height}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(timeout)
    return page


def log_in(page, base: str, email: str, next_path: str, *, lang: str = "ar") -> None:
    """Log in through the log-in page (demo password) and land on `next_path`."""
    page.goto(f"{base}/{lang}/account/login/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def shot(page, folder: str, name: str) -> None:
    """Keep a full-page screenshot in test-artifacts/<folder>/<name>.png."""
    path = ARTIFACTS / folder
    path.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path / f"{name}.png"), full_page=True)


def fits(page) -> bool:
    """Tell whether the page is no wider than the screen (nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
