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

from coursekit import plot


@dataclass(frozen=True)
class Slider:
    """A dashboard parameter: ``name`` (keyword of ``update``), label and range."""

    name: str
    label: str
    min: float
    max: float
    step: float
    value: float

    def __post_init__(self):
        if not (self.min <= self.value <= self.max) or self.step <= 0:
            raise ValueError(f"slider {self.name}: need min <= value <= max and step > 0")


@dataclass(frozen=True)
class Dashboard:
    """An interactive figure defined once and rendered live, statically or headless."""

    title: str
    sliders: tuple[Slider, ...]
    setup: Callable[[], tuple[object, object]]
    update: Callable[..., None]

    def values(self, **overrides) -> dict[str, float]:
        """The slider defaults with ``overrides``; unknown names or out-of-range values raise."""
        known = {s.name: s for s in self.sliders}
        unknown = set(overrides) - set(known)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; known: {sorted(known)}")
        for name, value in overrides.items():
            s = known[name]
            if not (s.min <= value <= s.max):
                raise ValueError(f"{name}={value} is outside the slider range [{s.min}, {s.max}]")
        return {s.name: overrides.get(s.name, s.value) for s in self.sliders}

    def _setup(self):
        with plot.style():          # the house style for this figure only, nothing global
            return self.setup()

    def render(self, **values):
        """Headless rendering: set up, update once with ``values``; returns ``(fig, state)``."""
        fig, state = self._setup()
        self.update(state, **self.values(**values))
        return fig, state

    def live(self):
        """The live ipywidgets dashboard: sliders above a figure redrawn in place.

        The figure and its artists are made once; a slider move calls ``update`` and shows the
        same figure again (no figure is re-created per event).
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
        """
        known = {s.name: s for s in self.sliders}
        if scrub not in known:
            raise ValueError(f"scrub must be one of {sorted(known)}; got {scrub!r}")
        s = known[scrub]
        grid = np.linspace(s.min, s.max, n) if grid is None else np.asarray(grid, dtype=float)
        base = self.values(**fixed)
        fig, state = self._setup()

        def frame(value):
            self.update(state, **{**base, scrub: float(value)})

        return plot.animate(fig, frame, grid, interval=interval)
