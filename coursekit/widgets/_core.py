"""Dashboards: one spec, three renderings.

A :class:`Dashboard` is a ``setup`` function that draws a figure once and returns it with a
``state`` (the artists to change), an ``update(state, **values)`` function that changes those
artists in place, and the :class:`Slider` parameters. From this one spec come

1. :meth:`Dashboard.live` — an ipywidgets dashboard for Jupyter, Colab, Binder and lectures;
2. :meth:`Dashboard.static` — a kernel-free JavaScript animation for the published page, whose
   slider scrubs a precomputed grid of one parameter;
3. :meth:`Dashboard.render` — a headless call of ``update`` used by the tests.

Because all three call the same ``update``, the live and static versions cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from coursekit import _validate as V
from coursekit import plot
from coursekit.errors import InputError

__all__ = ["Dashboard", "Slider"]


@dataclass(frozen=True)
class Slider:
    """A dashboard parameter: ``name`` (keyword of ``update``), label and range.

    Parameters
    ----------
    name : str
        The keyword of the dashboard's ``update`` function.
    label : str
        What the slider shows.
    min, max, step, value : float
        Range, step and default.

    Raises
    ------
    InputError
        Unless ``min <= value <= max`` and ``step > 0``.

    Examples
    --------
    >>> Slider("alpha", "prey growth α", 0.2, 2.0, 0.05, 1.0).value
    1.0
    """

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float

    def __post_init__(self):
        if not (self.min <= self.value <= self.max) or self.step <= 0:
            raise InputError(f"slider {self.name}: need min <= value <= max and step > 0")


@dataclass(frozen=True)
class Dashboard:
    """An interactive figure defined once and rendered live, statically or headless.

    Parameters
    ----------
    title : str
        Shown above the live dashboard.
    sliders : tuple of Slider
        The parameters.
    setup : callable
        ``setup() -> (figure, state)``: draws the figure once; ``state`` holds the artists.
    update : callable
        ``update(state, **values)``: changes the artists in place.

    Examples
    --------
    >>> from coursekit.widgets import lotka_volterra_dashboard
    >>> dash = lotka_volterra_dashboard()
    >>> [s.name for s in dash.sliders][:2]
    ['alpha', 'beta']
    """

    title: str
    sliders: tuple[Slider, ...]
    setup: Callable[[], tuple[object, object]]
    update: Callable[..., None]

    def values(self, **overrides) -> dict[str, float]:
        """The slider defaults, with ``overrides``.

        Parameters
        ----------
        **overrides : float
            Values by slider name.

        Returns
        -------
        dict
            Every slider's value by name.

        Raises
        ------
        InputError
            For an unknown name or a value outside its slider's range.

        Examples
        --------
        >>> from coursekit.widgets import leslie_dashboard
        >>> leslie_dashboard().values(f1=2.0)["f1"]
        2.0
        """
        known = {s.name: s for s in self.sliders}
        unknown = set(overrides) - set(known)
        if unknown:
            raise InputError(f"unknown parameter(s) {sorted(unknown)}; known: {sorted(known)}")
        for name, value in overrides.items():
            s = known[name]
            V.number(name, value, lo=s.min, hi=s.max,
                     what=f"inside the slider range [{s.min}, {s.max}]")
        return {s.name: overrides.get(s.name, s.value) for s in self.sliders}

    def _setup(self):
        with plot.style():          # the house style for this figure only, nothing global
            return self.setup()

    def render(self, **values):
        """Headless rendering: set up, then update once with ``values``.

        Parameters
        ----------
        **values : float
            Slider values (the others take their defaults).

        Returns
        -------
        (matplotlib.figure.Figure, dict)
            The figure and its state (the artists).

        Raises
        ------
        InputError
            For unknown or out-of-range values.

        Examples
        --------
        >>> from coursekit.widgets import leslie_dashboard
        >>> fig, state = leslie_dashboard().render(f1=2.0)
        >>> state["title"].get_text().startswith("growth factor")
        True
        """
        fig, state = self._setup()
        self.update(state, **self.values(**values))
        return fig, state

    def live(self):
        """The live ipywidgets dashboard: sliders above a figure redrawn in place.

        The figure and its artists are made once; a slider move calls ``update`` and shows the
        same figure again (no figure is re-created per event).

        Returns
        -------
        ipywidgets.VBox
            Title, sliders and the figure's output area.

        Examples
        --------
        >>> from coursekit.widgets import leslie_dashboard
        >>> import contextlib, io
        >>> with contextlib.redirect_stdout(io.StringIO()):   # outside Jupyter it prints
        ...     box = leslie_dashboard().live()
        >>> len(box.children)
        3
        """
        import ipywidgets as w
        import matplotlib.pyplot as plt
        from IPython.display import display

        fig, state = self._setup()
        plt.close(fig)  # shown through the Output widget only
        out = w.Output()
        controls = {
            s.name: w.FloatSlider(
                value=s.value, min=s.min, max=s.max, step=s.step, description=s.label,
                continuous_update=True, readout_format=".3g",
                style={"description_width": "initial"},
            )
            for s in self.sliders
        }

        def redraw(_change=None):
            self.update(state, **{k: c.value for k, c in controls.items()})
            with out:
                out.clear_output(wait=True)
                display(fig)

        for c in controls.values():
            c.observe(redraw, names="value")
        redraw()
        for c in controls.values():
            c.layout = w.Layout(width="auto")
        grid = w.GridBox(list(controls.values()),
                         layout=w.Layout(grid_template_columns="repeat(3, minmax(200px, 1fr))"))
        box = w.VBox([w.HTML(f"<b>{self.title}</b>"), grid, out])
        box.add_class("coursekit-dashboard")
        return box

    def static(self, scrub: str, grid: Sequence[float] | None = None, n: int = 15,
               interval: int = 300, **fixed):
        """A kernel-free rendering: a JS/HTML animation whose slider scrubs ``scrub``.

        Frames are ``update`` called at each value of ``grid`` (default: ``n`` values evenly
        spread over the slider's range), the other parameters held at ``fixed`` or their
        defaults.

        Parameters
        ----------
        scrub : str
            The slider whose values become frames.
        grid : sequence of float, optional
            Its values.
        n : int
            Number of frames when ``grid`` is not given.
        interval : int
            Milliseconds between frames.
        **fixed : float
            Values of the other sliders.

        Returns
        -------
        IPython.display.HTML
            The animation, playable and scrubbable with no kernel.

        Raises
        ------
        InputError
            For an unknown slider or bad values.

        Examples
        --------
        >>> from coursekit.widgets import leslie_dashboard
        >>> html = leslie_dashboard().static("f1", grid=[1.0, 2.0])
        >>> "frames[1]" in html.data
        True
        """
        known = {s.name: s for s in self.sliders}
        scrub = V.choice("scrub", scrub, tuple(sorted(known)))
        n = V.integer("n", n, minimum=1)
        s = known[scrub]
        grid = np.linspace(s.min, s.max, n) if grid is None else np.asarray(grid, dtype=float)
        base = self.values(**fixed)
        fig, state = self._setup()

        def frame(value):
            self.update(state, **{**base, scrub: float(value)})

        return plot.animate(fig, frame, grid, interval=interval)
