"""Browser tests: one headless Chromium per test, driven by Playwright's sync API."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body are still synchronous, so the async-safety guard is lifted for browser tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _is_csp_violation(message) -> bool:
    text = message.text
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def _watch_csp(chromium, violations: list) -> None:
    """Record every CSP violation any page of this browser reports on its console."""

    def watch_page(page):
        page.on(
            "console",
            lambda msg: (
                violations.append(f"{page.url}: {msg.text}") if _is_csp_violation(msg) else None
            ),
        )
        return page

    def watch_context(context):
        context.on("page", watch_page)
        return context

    new_context, new_page = chromium.new_context, chromium.new_page
    chromium.new_context = lambda *a, **kw: watch_context(new_context(*a, **kw))
    chromium.new_page = lambda *a, **kw: watch_page(new_page(*a, **kw))


@pytest.fixture
def browser():
    """Launch Debian's Chromium headless (no browser download, no background network).

    Every page runs under the site's Content-Security-Policy: a test fails if any page
    reports a violation (an inline script, a handler, a style or a source not allowed).
    """
    from playwright.sync_api import sync_playwright

    violations: list[str] = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
        )
        _watch_csp(chromium, violations)
        chromium.csp_violations = violations  # a test that violates on purpose reads it
        yield chromium
        chromium.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)
