"""The executable appendix pages (MyST notebooks) run top to bottom as notebooks.

The chapter pages and the performance appendix are left to the book build (``make book``, which
fails on any error, and whose executed notebooks ``tests/e2e`` checks for figures) and to the
Colab check (``make colab``, which runs every chapter page again in a Colab-like Python): they
are the heavy pages (one to one and a half minutes each on two cores), and a third run per CI
buys nothing.
"""

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted(
    p for p in (ROOT / "book").rglob("*.md")
    if "node_modules" not in p.parts and "kernelspec:" in p.read_text(encoding="utf-8")[:1000]
    and p.name != "performance.md"
)


def blank_figures(nb) -> list[str]:
    """The names of the cells that declare a figure (caption, label, alt text) but show none."""
    return [c.metadata["mystnb"]["figure"].get("name", "?") for c in nb.cells
            if c.cell_type == "code" and "figure" in c.metadata.get("mystnb", {})
            and not any("image/png" in o.get("data", {}) or "text/html" in o.get("data", {})
                        for o in c.get("outputs", []))]


def _execute(page):
    nb = jupytext.read(page)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(page.parent)}}).execute()
    return nb


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_page_executes(page):
    # Every cell takes well under a minute. Once, on a heavily loaded machine, a kernel reply
    # never reached the client and the test sat idle until its timeout: one fresh retry guards
    # against that protocol hiccup; a genuine error (CellExecutionError) is never retried.
    try:
        nb = _execute(page)
    except (CellTimeoutError, DeadKernelError):
        nb = _execute(page)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    blank = blank_figures(nb)
    assert not blank, f"figure cells without a figure: {blank}"
