"""The house plotting style and the animation helper.

Importing this module changes nothing global. The house style reaches a figure in one of three
ways: :func:`figure` makes a styled figure (size, constrained layout, spines and grid) without
touching Matplotlib's global settings; ``with style():`` applies the whole style (fonts and line
widths too) inside a block; :func:`apply_style` applies it globally, by an explicit call, as the
book's pages do at their top. Every figure labels its axes with units or "dimensionless".
:func:`animate` turns a per-frame update function into a JavaScript/HTML animation that plays,
and can be scrubbed with its slider, in the static published page with no kernel.
:func:`glue` hands a computed number or figure to the page's text in the book build, and shows
it in the notebook where the book toolchain is not installed (Colab, Binder).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation

from coursekit import _validate as V
from coursekit.errors import InputError

__all__ = ["COLORS", "STYLE", "animate", "apply_style", "figure", "glue", "style"]

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


#: Largest embedded animation, in MB (lattice animations are large).
EMBED_LIMIT_MB = 40.0


def apply_style() -> None:
    """Apply the house style to Matplotlib's global settings (idempotent).

    Returns
    -------
    None

    Examples
    --------
    >>> import matplotlib
    >>> with matplotlib.rc_context():
    ...     apply_style()
    ...     matplotlib.rcParams["axes.grid"]
    True
    """
    matplotlib.rcParams.update(STYLE)


@contextlib.contextmanager
def _settings(updates: dict):
    """Set some rcParams inside a block and restore exactly those afterwards.

    Unlike ``matplotlib.rc_context``, which restores *every* setting, this leaves alone what
    Matplotlib changes by itself inside the block: the backend chosen on first use, and the
    ``interactive`` flag that Jupyter's inline backend needs to show later figures.
    """
    saved = {key: matplotlib.rcParams[key] for key in updates}
    matplotlib.rcParams.update(updates)
    try:
        yield
    finally:
        matplotlib.rcParams.update(saved)


def style():
    """A context manager applying the house style inside a ``with`` block only.

    Returns
    -------
    contextlib.AbstractContextManager

    Examples
    --------
    >>> import matplotlib
    >>> with style():
    ...     matplotlib.rcParams["lines.linewidth"]
    1.8
    """
    return _settings(STYLE)


def figure(nrows: int = 1, ncols: int = 1, width: float = 7.0, height: float = 3.2, **kwargs):
    """A styled figure and its axes, like ``plt.subplots`` (sizes in inches).

    The figure and axes are created inside :func:`style`, so they get the house layout, spines
    and grid; Matplotlib's global settings are left unchanged.

    Parameters
    ----------
    nrows, ncols : int
        The grid of axes.
    width, height : float
        Size in inches.
    **kwargs
        Passed to ``plt.subplots`` (``sharey``, ``gridspec_kw``, ...).

    Returns
    -------
    (Figure, Axes or array of Axes)

    Raises
    ------
    InputError
        For a size that is not positive or a grid that is not a positive integer.

    Examples
    --------
    >>> fig, ax = figure()
    >>> fig.get_size_inches().tolist(), ax.get_xaxis().get_gridlines()[0].get_visible()
    ([7.0, 3.2], True)
    """
    nrows, ncols = V.integer("nrows", nrows, minimum=1), V.integer("ncols", ncols, minimum=1)
    width, height = V.positive("width", width), V.positive("height", height)
    with style():
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

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to animate.
    update : callable
        ``update(frame)`` changes the figure's artists for one frame.
    frames : sequence
        The frame values.
    interval : int
        Milliseconds between frames when playing.
    default_mode : {"once", "loop", "reflect"}
        What the player does at the end.

    Returns
    -------
    IPython.display.HTML

    Raises
    ------
    InputError
        For an empty sequence of frames or a bad interval.

    Examples
    --------
    >>> fig, ax = figure()
    >>> (line,) = ax.plot([0, 1], [0, 0])
    >>> html = animate(fig, lambda y: line.set_ydata([y, y]), [0.0, 1.0])
    >>> "<link" in html.data, "frames[1]" in html.data
    (False, True)
    """
    frames = list(frames)
    if not frames:
        raise InputError("animate() needs at least one frame")
    interval = V.integer("interval", interval, minimum=1)
    default_mode = V.choice("default_mode", default_mode, ("once", "loop", "reflect"))
    from IPython.display import HTML

    anim = FuncAnimation(fig, update, frames=frames, interval=interval, blit=False)
    with _settings({"animation.embed_limit": EMBED_LIMIT_MB}):
        html = _CDN_LINK.sub("", anim.to_jshtml(default_mode=default_mode))
    plt.close(fig)
    return HTML(html)


def glue(name: str, value, display: bool = True) -> None:
    """Glue ``value`` into the book's text as ``{glue:}`name```, or show it where the book
    toolchain is missing.

    In the book build (myst-nb installed) this is ``myst_nb.glue``. In a plain notebook
    (Colab, Binder, a laptop without the ``book`` extra) the value is shown instead: a number
    as ``name = value``, anything else (a figure) with IPython's ``display``; so that every
    chapter notebook runs, and says what the page would say, without the book toolchain.

    Parameters
    ----------
    name : str
        The key the page's text refers to.
    value : object
        A number, a string or a Matplotlib figure.
    display : bool
        Whether the book shows the value where it is glued in the code cell's output (the
        fallback always shows it).

    Returns
    -------
    None

    Raises
    ------
    InputError
        If ``name`` is not a non-empty string.

    Examples
    --------
    >>> import sys
    >>> sys.modules["myst_nb"] = None           # as on Colab: the book toolchain is missing
    >>> glue("speed", 3.0, display=False)
    speed = 3.0
    >>> del sys.modules["myst_nb"]
    """
    if not isinstance(name, str) or not name:
        raise V.fail("name", "a non-empty string", name)
    try:
        from myst_nb import glue as book_glue
    except ImportError:
        book_glue = None
    if book_glue is not None:
        book_glue(name, value, display=display)
        return
    if isinstance(value, str | int | float) or getattr(value, "ndim", None) == 0:
        print(f"{name} = {value}")
        return
    from IPython.display import display as show

    show(value)
