"""End-to-end checks in a real browser (``make e2e``, after ``make book``).

1. The built book is served on 127.0.0.1 and every page of ``_toc.yml`` is opened in headless
   Chromium (Debian's package, driven by Playwright): no request may leave the machine, no request
   may fail, math must be typeset by the vendored MathJax, every image must load, no page may
   show a traceback; the kernel-free Lotka–Volterra dashboard must respond to its slider.
2. The live Lotka–Volterra dashboard is served by Voilà on 127.0.0.1; moving its slider with the
   keyboard must change the plot through a real kernel.

Screenshots are written to ``_build/e2e/``.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "e2e"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def toc_pages() -> list[str]:
    """Every document named in _toc.yml, as paths of the built HTML."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    docs = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                docs.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part["chapters"])
    return [f"{doc}.html" for doc in docs]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (.ci/run does it)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


class Traffic:
    """Every request of a page: foreign ones are blocked and recorded, failures recorded."""

    def __init__(self, page, origin: str):
        self.foreign, self.failed = [], []
        allowed = urlparse(origin).netloc

        def route(r):
            url = urlparse(r.request.url)
            if url.scheme in ("data", "blob") or url.netloc == allowed:
                r.continue_()
            else:
                self.foreign.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: self.failed.append(req.url))
        page.on("response", lambda resp: resp.status >= 400 and self.failed.append(
            f"{resp.status} {resp.url}"))


def test_every_figure_cell_of_the_built_book_shows_a_figure():
    """The book build's executed notebooks: every cell that declares a figure (its caption,
    label and alt text) has an image or an animation among its outputs."""
    import nbformat

    from tests.test_pages import blank_figures

    built = ROOT / "_build" / "jupyter_execute"
    executed = sorted(built.rglob("*.ipynb"))
    pages = {p.relative_to(ROOT).with_suffix("") for p in (ROOT / "chapters").glob("*/*.md")
             if "kernelspec:" in p.read_text(encoding="utf-8")[:1000]}
    missing = pages - {p.relative_to(built).with_suffix("") for p in executed}
    assert not missing, f"pages the book build did not execute: {sorted(map(str, missing))}"
    blank = {str(p.relative_to(ROOT)): names for p in executed
             if (names := blank_figures(nbformat.read(p, as_version=4)))}
    assert not blank, f"figure cells without a figure: {blank}"


@pytest.mark.parametrize("path", toc_pages())
def test_page_loads_offline_with_math_images_and_no_traceback(server, browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    traffic = Traffic(page, server)
    errors = []
    page.on("pageerror", lambda err: errors.append(f"page error: {err}"))
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith(
        "Failed to load resource") and errors.append(f"console: {msg.text}"))
    page.goto(f"{server}/{path}", wait_until="networkidle")
    # math: every display or inline formula is rendered by MathJax (no raw TeX left)
    n_math = page.locator(".math").count()
    if n_math:
        page.wait_for_function(
            "() => document.querySelectorAll('mjx-container').length >= "
            "document.querySelectorAll('.math').length", timeout=30000)
    # images: scroll through the page so that lazy ones load, then all must have pixels
    page.evaluate("async () => { for (let y = 0; y < document.body.scrollHeight; y += 800) "
                  "{ window.scrollTo(0, y); await new Promise(r => setTimeout(r, 20)); } }")
    page.wait_for_load_state("networkidle")
    broken = page.evaluate("() => [...document.images].filter(i => i.getAttribute('src') && "
                           "!(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))")
    text = page.inner_text("body")
    name = path.replace("/", "_").replace(".html", "")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
    page.close()
    assert not errors, f"errors in the browser console: {errors[:5]}"
    assert not traffic.foreign, f"requests leaving the machine: {traffic.foreign[:5]}"
    assert not traffic.failed, f"failed requests: {traffic.failed[:5]}"
    assert not broken, f"images that did not load: {broken}"
    assert "Traceback (most recent call last)" not in text
    assert "\\begin{" not in text and "$$" not in text, "untypeset TeX on the page"


def test_kernel_free_dashboard_responds_to_its_slider(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    traffic = Traffic(page, server)
    page.goto(f"{server}/chapters/02-population/lotka_volterra.html", wait_until="networkidle")
    slider = page.locator("div.animation input.anim-slider").first
    image = page.locator("div.animation img").first
    slider.scroll_into_view_if_needed()
    assert int(slider.get_attribute("max") or page.evaluate(
        "s => s.max", slider.element_handle())) >= 1
    before = image.get_attribute("src")
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    after = image.get_attribute("src")
    image.screenshot(path=str(SHOTS / "lv_static_dashboard_after_slider.png"))
    page.close()
    assert before and after and before != after, "the frame did not change with the slider"
    assert not traffic.foreign


@pytest.fixture
def voila(tmp_path):
    notebook = tmp_path / "lv_dashboard.ipynb"
    notebook.write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                   "source": "from coursekit.widgets import lotka_volterra_dashboard\n"
                             "lotka_volterra_dashboard().live()"}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    port = free_port()
    log = open(tmp_path / "voila.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", "--ServerApp.ip=127.0.0.1"],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
    log.close()
    shutil.copy(tmp_path / "voila.log", SHOTS / "voila.log")


def test_live_dashboard_in_voila_changes_the_plot_through_a_kernel(voila, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    traffic = Traffic(page, voila)
    page.goto(voila, timeout=120000)
    image = page.locator(".jp-OutputArea-output img, .widget-output img").first
    image.wait_for(timeout=120000)
    page.screenshot(path=str(SHOTS / "voila_before.png"))
    before = image.get_attribute("src")
    handle = page.locator(".widget-slider .noUi-handle, .widget-slider .ui-slider-handle").first
    handle.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => { const i = document.querySelector('.jp-OutputArea-output img, "
        ".widget-output img'); return i && i.src !== before; }", arg=before, timeout=30000)
    page.wait_for_timeout(2000)   # let the queued slider steps finish before the screenshot
    page.screenshot(path=str(SHOTS / "voila_after.png"))
    page.close()
    # Voilà's own template links Font Awesome from a CDN; those requests are blocked (they
    # would fail offline anyway) and the dashboard must work without them.
    if traffic.foreign:
        print(f"blocked Voilà requests to CDNs: {traffic.foreign}")
