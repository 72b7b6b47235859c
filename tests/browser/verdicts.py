"""Recording the scanner's verdicts in a real browser: every verdict the page puts on screen,
in order, with the fields a test asks for, read back with `verdicts()`."""

from __future__ import annotations

#: What each field reads from the verdict screen (`verdict` is #verdict, `text(id)` an
#: element's text).
FIELDS = {
    "result": "verdict.dataset.result",
    "offline": 'verdict.dataset.offline === "1"',
    "look": "verdict.className",
    "title": 'text("verdict-title")',
    "name": 'text("verdict-name")',
    "ormas": 'text("verdict-ormas")',
    "region": 'text("verdict-region")',
    "detail": 'text("verdict-detail")',
    "band": 'document.getElementById("verdict-offline").hidden ? "" : text("verdict-offline")',
}

RECORDER = """
window.__verdicts = [];
document.addEventListener("DOMContentLoaded", () => {
  const verdict = document.getElementById("verdict");
  if (!verdict) return;
  new MutationObserver(() => {
    if (verdict.hidden) return;
    const text = (id) => document.getElementById(id).textContent;
    window.__verdicts.push({ %s });
  }).observe(verdict, { attributes: true, attributeFilter: ["hidden", "data-result"] });
});
"""


def record_verdicts(page, *fields: str) -> None:
    """Before the page loads: keep these fields of every verdict shown, in order."""
    page.add_init_script(RECORDER % ", ".join(f"{field}: {FIELDS[field]}" for field in fields))


def verdicts(page, count: int, timeout: int = 20_000) -> list[dict]:
    """The verdicts shown so far, once there are at least `count` of them."""
    page.wait_for_function(f"() => window.__verdicts.length >= {count}", timeout=timeout)
    return page.evaluate("() => window.__verdicts")


def shown_verdicts(page) -> list[dict]:
    """The verdicts shown so far, without waiting."""
    return page.evaluate("() => window.__verdicts")
