"""The house plotting style and the animation helper.

Every figure in the book goes through :func:`figure` (style, size, constrained layout) and
labels its axes with units or "dimensionless". :func:`animate` turns a per-frame update
function into a JavaScript/HTML animation that plays, and can be scrubbed with its slider, in
the static published page with no kernel.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import matplotlib

matplotlib.rcParams["animation.embed_limit"] = 40.0  # MB; lattice animations are large

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402

_CDN_LINK = re.compile(r"<link[^>]+https?://[^>]+>")

#: One colour per role, colour-blind safe (Okabe–Ito), used across chapters.
COLORS = {
    "prey": "#0072B2",
    "predator": "#D55E00",
    "theory": "#000000",
    "accent": "#009E73",
    "muted": "#999999",
    "highlight": "#CC79A7",
}

STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "figure.constrained_layout.use": True,
}


def apply_style() -> None:
    """Apply the house style to Matplotlib's global settings (idempotent)."""
    matplotlib.rcParams.update(STYLE)


def figure(nrows: int = 1, ncols: int = 1, width: float = 7.0, height: float = 3.2, **kwargs):
    """A styled figure and its axes, like ``plt.subplots`` (sizes in inches)."""
    apply_style()
    return plt.subplots(nrows, ncols, figsize=(width, height), **kwargs)


def animate(
    fig,
    update: Callable[[object], object],
    frames: Sequence,
    interval: int = 200,
    default_mode: str = "once",
):
    """A JavaScript/HTML animation of ``fig``; ``update(frame)`` redraws it in place.

    Returns an ``IPython.display.HTML`` object: in a notebook or a book page it shows a player
    with a frame slider that works with no kernel (all frames are embedded as images). The
    figure is closed so that it is not shown a second time. Matplotlib's player links its
    button icons (Font Awesome) from a CDN; that link is dropped, because the book's theme and
    Jupyter already provide the icons and the published book must load nothing from outside.
    """
    frames = list(frames)
    if not frames:
        raise ValueError("animate() needs at least one frame")
    from IPython.display import HTML

    anim = FuncAnimation(fig, update, frames=frames, interval=interval, blit=False)
    html = _CDN_LINK.sub("", anim.to_jshtml(default_mode=default_mode))
    plt.close(fig)
    return HTML(html)
