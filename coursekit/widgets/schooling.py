"""Chapter 5 dashboard: a fish school in 3D and its order parameters, set by the zone widths,
the noise and the blind angle; and the 3D drawing of a school that the chapter shares."""

from __future__ import annotations

import numpy as np

from coursekit import _validate as V
from coursekit import plot
from coursekit import schooling as S
from coursekit.widgets._core import Dashboard, Slider

__all__ = ["draw_school", "school_dashboard"]

N_FISH, T_END, SEED, AVERAGE = 100, 200.0, 2026, 50.0


def draw_school(ax, positions, headings, *, size: float | None = None, color=None) -> None:
    """Draw a school on 3D axes: a dot and a short heading arrow per fish, centred on the
    centroid, in a cube of side ``size``, with labelled axes.

    Parameters
    ----------
    ax : mpl_toolkits.mplot3d.axes3d.Axes3D
        Axes made with ``projection="3d"``; cleared first.
    positions, headings : array_like, shape (N, 3)
        Positions and unit headings of one time (e.g. ``run.x[-1]``, ``run.heading[-1]``).
    size : float, optional
        Side of the cube shown; default the school's extent plus 4 body lengths.
    color : color, optional
        Matplotlib colour; default the house accent.

    Returns
    -------
    None

    Raises
    ------
    InputError
        For positions and headings that are not both of shape (N, 3), or contain NaN, or a
        size that is not positive.

    Examples
    --------
    >>> fig = plot.figure()[0]; fig.clf()
    >>> ax = fig.add_subplot(projection="3d")
    >>> run = S.simulate(n_fish=10, t_end=1.0, seed=1)
    >>> draw_school(ax, run.x[-1], run.heading[-1]); ax.get_xlabel()
    'x (body lengths)'
    """
    x = V.array("positions", positions, shape=(None, 3), min_size=3)
    v = V.array("headings", headings, shape=x.shape)
    x = x - x.mean(axis=0)
    half = 0.5 * V.positive("size", size) if size is not None else float(np.abs(x).max()) + 2.0
    color = color or plot.COLORS["accent"]
    ax.cla()
    ax.scatter(x[:, 0], x[:, 1], x[:, 2], s=6, color=color, depthshade=True)
    ax.quiver(x[:, 0], x[:, 1], x[:, 2], v[:, 0], v[:, 1], v[:, 2], length=1.5, color=color,
              linewidth=0.8, arrow_length_ratio=0.4)
    ax.set(xlim=(-half, half), ylim=(-half, half), zlim=(-half, half),
           xlabel="x (body lengths)", ylabel="y (body lengths)",
           zlabel="z (body lengths)")
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
        axis.label.set_fontsize(8)
    ax.tick_params(labelsize=7)


def _setup():
    fig = plot.figure(width=9.5, height=4.2)[0]
    fig.clf()
    ax3 = fig.add_subplot(1, 2, 1, projection="3d")
    ax = fig.add_subplot(1, 2, 2)
    (p_line,) = ax.plot([], [], color=plot.COLORS["accent"], label="polarisation p")
    (m_line,) = ax.plot([], [], color=plot.COLORS["prey"], label="milling m")
    ax.axvspan(T_END - AVERAGE, T_END, color=plot.COLORS["muted"], alpha=0.15, lw=0)
    ax.set(xlabel="time t (s)", ylabel="order parameter (dimensionless)", xlim=(0, T_END),
           ylim=(0, 1.02))
    ax.legend(fontsize=8, loc="center right")
    title = fig.suptitle("", fontsize=10)
    return fig, dict(ax3=ax3, p=p_line, m=m_line, title=title)


def _update(state, dr_o, dr_a, noise, blind):
    run = S.simulate(n_fish=N_FISH, t_end=T_END, n_times=201, dr_o=dr_o, dr_a=dr_a,
                     noise=noise, perception=360.0 - blind, seed=SEED)
    draw_school(state["ax3"], run.x[-1], run.heading[-1])
    state["p"].set_data(run.t, run.polarisation)
    state["m"].set_data(run.t, run.milling)
    last = run.t >= T_END - AVERAGE
    state["run"] = run
    state["title"].set_text(
        f"Δr_o = {dr_o:g}, Δr_a = {dr_a:g}, σ = {noise:g}, blind angle {blind:g}°: over the "
        f"last {AVERAGE:g} s, p = {run.polarisation[last].mean():.2f}, "
        f"m = {run.milling[last].mean():.2f}")


def school_dashboard() -> Dashboard:
    """100 fish of the Couzin model (:func:`coursekit.schooling.couzin.simulate`, the paper's
    other parameters, seed 2026, from a random start) for 200 s: the school at the end in 3D
    and the polarisation and milling over time, for the chosen widths of the zones of
    orientation and attraction, the noise σ and the blind angle 360° − α. About 0.15 s per
    redraw.

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("dr_o")`` (a page) or ``.render()``.

    Examples
    --------
    >>> fig, state = school_dashboard().render(dr_o=10.0)
    >>> state["title"].get_text().startswith("Δr_o = 10, Δr_a = 14")
    True
    """
    return Dashboard(
        "A fish school: zones, noise and blind angle",
        (Slider("dr_o", "orientation zone Δr_o", 0.0, 15.0, 0.5, 1.5),
         Slider("dr_a", "attraction zone Δr_a", 0.0, 15.0, 0.5, 14.0),
         Slider("noise", "noise σ (rad)", 0.0, 0.5, 0.01, 0.05),
         Slider("blind", "blind angle (°)", 0.0, 180.0, 5.0, 90.0)), _setup, _update)
