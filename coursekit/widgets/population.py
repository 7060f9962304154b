"""Chapter 2 dashboards: Lotka–Volterra predator–prey."""

from __future__ import annotations

import numpy as np

from coursekit import plot
from coursekit.errors import SimulationError
from coursekit.population import LotkaVolterra, simulate
from coursekit.widgets._core import Dashboard, Slider

T_END = 30.0
DT = 0.005


def _setup():
    fig, (ax_phase, ax_time) = plot.figure(1, 2, width=9.0, height=4.0)
    c = plot.COLORS
    (orbit,) = ax_phase.plot([], [], color=c["accent"], label="orbit")
    (start,) = ax_phase.plot([], [], "o", color=c["theory"], label="start")
    (centre,) = ax_phase.plot([], [], "+", ms=12, mew=2, color=c["highlight"],
                              label="equilibrium")
    null_x = ax_phase.axvline(np.nan, color=c["predator"], ls=":", lw=1,
                              label="y-nullcline x = γ/δ")
    null_y = ax_phase.axhline(np.nan, color=c["prey"], ls=":", lw=1,
                              label="x-nullcline y = α/β")
    ax_phase.set_xlabel("prey density x (dimensionless)")
    ax_phase.set_ylabel("predator density y (dimensionless)")
    (prey,) = ax_time.plot([], [], color=c["prey"], label="prey x")
    (pred,) = ax_time.plot([], [], color=c["predator"], label="predator y")
    ax_time.set_xlabel("time t (dimensionless)")
    ax_time.set_ylabel("density (dimensionless)")
    ax_time.set_xlim(0, T_END)
    fig.legend(loc="outside lower center", ncol=7, fontsize=8, handlelength=1.5)
    title = fig.suptitle("")
    state = dict(ax_phase=ax_phase, ax_time=ax_time, orbit=orbit, start=start, centre=centre,
                 null_x=null_x, null_y=null_y, prey=prey, pred=pred, title=title)
    return fig, state


def _update(state, alpha, beta, gamma, delta, x0, y0):
    lv = LotkaVolterra(alpha, beta, gamma, delta)
    label = (f"α = {alpha:.3g}, β = {beta:.3g}, γ = {gamma:.3g}, δ = {delta:.3g}, "
             f"start (x₀, y₀) = ({x0:.3g}, {y0:.3g})")
    try:
        traj = simulate(lv, [x0, y0], T_END, dt=DT)
    except SimulationError as err:  # show the problem instead of a traceback mid-lecture
        state["title"].set_text(f"{label}: {err}")
        return
    x, y = traj.x[:, 0], traj.x[:, 1]
    xs, ys = lv.coexistence
    state["orbit"].set_data(x, y)
    state["start"].set_data([x0], [y0])
    state["centre"].set_data([xs], [ys])
    state["null_x"].set_xdata([xs, xs])
    state["null_y"].set_ydata([ys, ys])
    state["prey"].set_data(traj.t, x)
    state["pred"].set_data(traj.t, y)
    top = 1.08 * max(x.max(), y.max())
    state["ax_phase"].set_xlim(0, 1.08 * max(x.max(), xs))
    state["ax_phase"].set_ylim(0, 1.08 * max(y.max(), ys))
    state["ax_time"].set_ylim(0, top)
    H = lv.conserved_quantity(traj.x)
    state["title"].set_text(
        f"{label}\nequilibrium (x*, y*) = ({xs:.3g}, {ys:.3g});  "
        f"relative drift of H over the run: {np.ptp(H) / abs(H[0]):.1e}"
    )


def lotka_volterra_dashboard() -> Dashboard:
    """Predator–prey dashboard: the four rates and the initial state.

    Left: the orbit in the phase plane with the equilibrium and the nullclines; right: the
    time series. The title reports the relative drift of the conserved quantity H over the
    run, computed from the RK4 solution (``T_END = 30``, ``dt = 0.005``).
    """
    sliders = (
        Slider("alpha", "prey growth α", 0.2, 2.0, 0.05, 1.0),
        Slider("beta", "predation β", 0.1, 1.0, 0.05, 0.5),
        Slider("gamma", "predator death γ", 0.2, 2.0, 0.05, 1.0),
        Slider("delta", "conversion δ", 0.05, 0.5, 0.01, 0.25),
        Slider("x0", "initial prey x₀", 0.5, 10.0, 0.1, 6.0),
        Slider("y0", "initial predators y₀", 0.5, 6.0, 0.1, 2.0),
    )
    return Dashboard("Lotka–Volterra predator–prey", sliders, _setup, _update)
