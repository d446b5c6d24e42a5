"""Accessibility checks with axe-core, run inside the page the browser test is on.

The vendored axe.min.js is evaluated through the DevTools protocol, which the site's
Content-Security-Policy (script-src 'self') does not apply to, so nothing is served to
users and no page needs a looser policy for the check."""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).with_name("vendor") / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String).join(" "),
      summary: n.failureSummary || "",
    })),
  }));
}
"""


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:  # noqa: ANN001
    """Every axe-core violation on the page as it is now, whatever its impact."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(RUN_AXE)


def format_violations(violations: list[dict], context: str) -> str:
    lines = [f"{context}: {len(violations)} serious/critical accessibility violation(s)"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s))")
        for node in v["nodes"][:8]:
            summary = " ".join(node["summary"].split())[:240]
            lines.append(f"      {node['target']}  -- {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"      ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def serious_violations(page) -> list[dict]:  # noqa: ANN001
    return [v for v in axe_violations(page) if v["impact"] in FAILING_IMPACTS]


def assert_accessible(page, context: str = "") -> None:  # noqa: ANN001
    """Fail with rule id, impact and target selectors when axe-core finds a serious or
    critical violation on the page."""
    found = serious_violations(page)
    assert not found, format_violations(found, context or page.url)
