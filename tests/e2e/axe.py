"""axe-core in the browser suite: the npm package's script, evaluated into the page by Playwright.

The source goes in through the DevTools protocol (``page.evaluate``), not as a ``<script>``
tag: the site's Content-Security-Policy forbids inline scripts, and the suite fails on any
violation, so nothing is added to the page and the policy is neither tripped nor loosened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious")

_RUN = """async (blocking) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, blocking: blocking.includes(v.impact),
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


def axe_source() -> str:
    """Answer axe-core's script, or skip the test when the npm package is not installed."""
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed ({AXE_JS} is absent; run `make install`)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_run(page) -> list[dict]:
    """Run axe-core on the page as it stands; answer every violation (rule, impact, elements)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate(_RUN, list(BLOCKING))


def blocking(page, violations: list[dict]) -> list[str]:
    """One line per element of each critical or serious violation: page, impact, rule, target."""
    return [
        f"{page.url} [{v['impact']}] {v['id']} ({v['help']}): {target}"
        for v in violations
        if v["blocking"]
        for target in v["targets"]
    ]
