"""Chapter 2 dashboards: Lotka–Volterra, Leslie projection, competition against Gause's data."""

from __future__ import annotations

import numpy as np

from coursekit import plot
from coursekit.errors import SimulationError
from coursekit.population import LotkaVolterra, simulate
from coursekit.widgets._core import Dashboard, Slider

__all__ = ["competition_dashboard", "leslie_dashboard", "lotka_volterra_dashboard"]

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

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("alpha")`` (a page) or ``.render()``.

    Examples
    --------
    >>> "alpha" in [s.name for s in lotka_volterra_dashboard().sliders]
    True
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


# --- Leslie projection ---------------------------------------------------------------------------

T_LESLIE = 20


def _leslie_setup():
    fig, (ax_p, ax_t) = plot.figure(1, 2, width=9.0, height=3.6)
    c = plot.COLORS
    bars = ax_p.barh(np.arange(3), np.zeros(3), color=c["accent"], label=f"share at t = {T_LESLIE}")
    (stable,) = ax_p.plot([], [], "D", color=c["theory"], label="stable age distribution")
    ax_p.set(yticks=[0, 1, 2], yticklabels=["age 0", "age 1", "age 2"], xlim=(0, 1),
             xlabel="fraction of the population")
    ax_p.legend(fontsize=8, loc="lower right")
    (total,) = ax_t.semilogy([], [], "o-", ms=3, color=c["accent"], label="total population")
    (theory,) = ax_t.semilogy([], [], "--", color=c["theory"], label="∝ λ^t")
    ax_t.set(xlabel="time step t (age-class widths)", ylabel="total population (individuals)",
             xlim=(0, T_LESLIE))
    ax_t.legend(fontsize=8, loc="upper left")
    title = fig.suptitle("")
    return fig, dict(bars=bars, stable=stable, total=total, theory=theory, ax_t=ax_t, title=title)


def _leslie_update(state, f1, f2, s0, s1):
    from coursekit.population import leslie

    L = leslie.leslie_matrix([0.0, f1, f2], [s0, s1])
    a = leslie.analyse(L)
    n = leslie.project(L, [100.0, 0.0, 0.0], T_LESLIE).x
    share = n[-1] / n[-1].sum() if n[-1].sum() > 0 else np.zeros(3)
    for bar, v in zip(state["bars"], share, strict=True):
        bar.set_width(v)
    state["stable"].set_data(a.stable_age, np.arange(3))
    t = np.arange(T_LESLIE + 1)
    tot = np.maximum(n.sum(axis=1), 1e-3)
    state["total"].set_data(t, tot)
    state["theory"].set_data(t, tot[-1] * a.growth_factor ** (t - T_LESLIE))
    state["ax_t"].set_ylim(min(tot.min(), 1) * 0.5, max(tot.max(), 100) * 2)
    r0 = f1 * s0 + f2 * s0 * s1
    lam = a.growth_factor
    trend = "growth" if lam > 1 + 1e-9 else "decline" if lam < 1 - 1e-9 else "stationary"
    state["title"].set_text(f"growth factor λ = {lam:.3f} per step; net reproductive "
                            f"number R₀ = {r0:.2f} ({trend})")


def leslie_dashboard() -> Dashboard:
    """A three-age-class Leslie model: fecundities of ages 1 and 2, survival of ages 0 and 1.

    Left: the age structure after 20 steps against the stable age distribution; right: the
    total population against the growth factor's prediction, from 100 newborns.

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("f1")`` (a page) or ``.render()``.

    Examples
    --------
    >>> "f1" in [s.name for s in leslie_dashboard().sliders]
    True
    """
    return Dashboard(
        "Leslie projection: growth factor and stable age distribution",
        (Slider("f1", "fecundity, age 1", 0.0, 3.0, 0.05, 1.2),
         Slider("f2", "fecundity, age 2", 0.0, 3.0, 0.05, 1.0),
         Slider("s0", "survival, age 0 → 1", 0.05, 1.0, 0.05, 0.5),
         Slider("s1", "survival, age 1 → 2", 0.05, 1.0, 0.05, 0.8)),
        _leslie_setup, _leslie_update)


# --- competition against Gause's data -----------------------------------------------------------

def _competition_setup():
    from coursekit.population import gause

    data = gause.load()
    fitted = gause.fit(data, "leslie_gower")
    fig, axes = plot.figure(1, 2, width=9.0, height=3.6, sharey=True)
    c = [plot.COLORS["prey"], plot.COLORS["predator"]]
    lines = {}
    for ax, culture, obs in zip(axes, ("alone", "together"), (data.mono, data.mixed), strict=True):
        for k, name in enumerate(("P. aurelia", "P. caudatum")):
            ax.plot(data.t, obs[:, k], "o", ms=4, color=c[k], label=f"{name} (Gause)")
            lines[(culture, k)] = ax.plot([], [], color=c[k], label=f"{name} (model)")[0]
        ax.set(title=f"cultured {culture}", xlabel="day")
    axes[0].set_ylabel("individuals per sample")
    axes[1].legend(fontsize=8, loc="upper left")
    title = fig.suptitle("")
    return fig, dict(lines=lines, data=data, theta=fitted.theta.copy(), title=title,
                     best=fitted.params)


def _competition_update(state, a_ac, a_ca):
    from coursekit.population import gause

    theta = state["theta"].copy()
    theta[4:] = np.log(np.maximum([a_ac, a_ca], 1e-12))  # a coefficient of 0 is allowed
    data = state["data"]
    model = gause.trajectories("leslie_gower", theta, data.t.size)
    for k in range(2):
        state["lines"][("alone", k)].set_data(data.t, model.mono[:, k])
        state["lines"][("together", k)].set_data(data.t, model.mixed[:, k])
    r = gause.residuals("leslie_gower", theta, data)
    best = state["best"]
    state["title"].set_text(
        f"competition a_ac = {a_ac:.2f}, a_ca = {a_ca:.2f} (best fit {best['a_ac']:.2f}, "
        f"{best['a_ca']:.2f}); residual sum of squares {r @ r:.2f}")


def competition_dashboard() -> Dashboard:
    """Leslie's competition model against Gause's cultures: move the two competition
    coefficients (growth rates and capacities stay at their best fit).

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("a_ac")`` (a page) or ``.render()``.

    Examples
    --------
    >>> "a_ac" in [s.name for s in competition_dashboard().sliders]
    True
    """
    return Dashboard(
        "Competition between Paramecium species: model against Gause's data",
        (Slider("a_ac", "effect of caudatum on aurelia", 0.0, 5.0, 0.05, 2.5),
         Slider("a_ca", "effect of aurelia on caudatum", 0.0, 2.0, 0.02, 0.5)),
        _competition_setup, _competition_update)
