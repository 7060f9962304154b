"""Chapter 1 dashboards: stochastic kinetics against the rate equation; lattice dynamics."""

from __future__ import annotations

import numpy as np

from coursekit import plot
from coursekit.kinetics import gillespie_ensemble, logistic_network
from coursekit.kinetics import lattice as lat
from coursekit.widgets._core import Dashboard, Slider

__all__ = ["ssa_dashboard", "may_leonard_dashboard"]

T_SSA = np.linspace(0.0, 20.0, 401)
N_TRAJ = 5


def _ssa_setup():
    fig, (ax, ax_h) = plot.figure(1, 2, width=9.0, height=3.6, gridspec_kw={"width_ratios": [3, 1]},
                                  sharey=True)
    c = plot.COLORS
    lines = [ax.plot([], [], lw=0.8, color=c["accent"], alpha=0.8,
                     label="Gillespie (5 runs)" if k == 0 else None)[0] for k in range(N_TRAJ)]
    (mf,) = ax.plot([], [], lw=2.5, color=c["theory"], label="rate equation")
    ax.set(xlabel="time t (death rate 0.5 per unit time)", ylabel="density n / Ω (dimensionless)",
           xlim=(0, T_SSA[-1]), ylim=(0, 1.3))
    ax.legend(loc="lower right", fontsize=8)
    bars = ax_h.barh(np.linspace(0, 1.3, 27)[:-1], np.zeros(26), height=0.05,
                     color=c["accent"], align="edge")
    ax_h.set(xlabel="fraction of late-time samples")
    title = fig.suptitle("")
    return fig, dict(lines=lines, mf=mf, bars=bars, ax_h=ax_h, title=title)


def _ssa_update(state, size, birth):
    death, comp = 0.5, 1.0
    net = logistic_network(birth, death, comp, size)
    x0 = max(1, int(round(0.1 * size)))
    # one stream per slider setting, and the same one whenever the setting comes back
    seed = np.random.SeedSequence([int(round(size)), int(round(birth * 1000))])
    ens = gillespie_ensemble(net, [x0], T_SSA, N_TRAJ, seed=seed, progress=False)
    dens = ens.x[:, :, 0] / size
    for k, line in enumerate(state["lines"]):
        line.set_data(T_SSA, dens[:, k])
    state["mf"].set_data(T_SSA, net.solve_rate_equations([x0], t_eval=T_SSA).x[:, 0] / size)
    late = dens[T_SSA > 10].ravel()
    counts, _ = np.histogram(late, bins=np.linspace(0, 1.3, 27))
    for bar, h in zip(state["bars"], counts / max(late.size, 1), strict=True):
        bar.set_width(h)
    state["ax_h"].set_xlim(0, max(0.05, 1.1 * counts.max() / max(late.size, 1)))
    sd = late.std()
    state["title"].set_text(f"system size Ω = {size:.0f}, birth rate {birth:.2f}: late-time "
                            f"spread of the density {sd:.3f} (√Ω × spread = {sd * np.sqrt(size):.2f})")


def ssa_dashboard() -> Dashboard:
    """Logistic growth with demographic noise: five exact trajectories against the rate
    equation, and the late-time distribution. Fluctuations of the density shrink as 1/√Ω.

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("size")`` (a page) or ``.render()``.

    Examples
    --------
    >>> "size" in [s.name for s in ssa_dashboard().sliders]
    True
    """
    return Dashboard(
        "Stochastic logistic growth: fluctuations shrink with system size",
        (Slider("size", "system size Ω", 10, 2000, 10, 100),
         Slider("birth", "birth rate", 0.6, 2.0, 0.05, 1.5)),
        _ssa_setup, _ssa_update)


L_ML, T_ML = 100, 300


def _ml_setup():
    fig, (ax_l, ax_d) = plot.figure(1, 2, width=9.0, height=3.8,
                                    gridspec_kw={"width_ratios": [1, 1.4]})
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap(["#ffffff", "#0072B2", "#D55E00", "#009E73"])
    img = ax_l.imshow(np.zeros((L_ML, L_ML)), cmap=cmap, vmin=0, vmax=3,
                      interpolation="nearest", origin="lower")
    ax_l.set(xlabel="lattice site x", ylabel="lattice site y")
    ax_l.grid(False)
    lines = [ax_d.plot([], [], color=col, label=f"species {k + 1}")[0]
             for k, col in enumerate(["#0072B2", "#D55E00", "#009E73"])]
    ax_d.set(xlabel="time (sweeps)", ylabel="density (fraction of sites)", xlim=(0, T_ML),
             ylim=(0, 0.6))
    ax_d.legend(fontsize=8, loc="upper right")
    title = fig.suptitle("")
    return fig, dict(img=img, lines=lines, title=title)


def _ml_update(state, sigma, mu, eps):
    t = np.arange(0, T_ML + 1, 5.0)
    run = lat.may_leonard(L_ML, t, sigma=sigma, mu=mu, eps=eps, snapshots=[T_ML], seed=7)
    state["img"].set_data(run.snapshots[-1])
    for k, line in enumerate(state["lines"]):
        line.set_data(t, run.density[:, k])
    mobility = lat.may_leonard_mobility(L_ML, sigma, eps)
    if abs(mu - sigma) < 1e-9:        # M_c was measured for sigma = mu
        side = "below" if mobility < lat.ML_CRITICAL_MOBILITY else "above"
        where = f"{side} M_c ≈ {lat.ML_CRITICAL_MOBILITY:.1e}"
    else:
        where = f"M_c ≈ {lat.ML_CRITICAL_MOBILITY:.1e} is known for σ = μ"
    state["title"].set_text(f"selection σ = {sigma:.2f}, reproduction μ = {mu:.2f}, exchange "
                            f"ε = {eps:.2f}: mobility M = 2ε/(σN) = {mobility:.1e}, {where}; "
                            f"lattice at t = {T_ML} sweeps")


def may_leonard_dashboard() -> Dashboard:
    """Rock–paper–scissors on a 100×100 lattice: the final lattice and the three densities.

    Exchange (hopping) ``eps`` sets the mobility :math:`M = 2\\varepsilon/(\\sigma N)` of
    Reichenbach, Mobilia and Frey (2007), :func:`coursekit.kinetics.lattice.may_leonard_mobility`:
    below the critical :math:`M_c \\approx 4.5 \\times 10^{-4}` (measured for
    :math:`\\sigma = \\mu`) the species form spirals and
    coexist; above it (on this lattice, :math:`\\varepsilon \\gtrsim 2.25\\sigma`) the spirals
    outgrow the lattice and one species takes over.

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("eps")`` (a page) or ``.render()``.

    Examples
    --------
    >>> "eps" in [s.name for s in may_leonard_dashboard().sliders]
    True
    """
    return Dashboard(
        "Cyclic competition (May–Leonard) on a lattice",
        (Slider("sigma", "selection σ", 0.1, 2.0, 0.05, 1.0),
         Slider("mu", "reproduction μ", 0.1, 2.0, 0.05, 1.0),
         Slider("eps", "exchange ε", 0.0, 3.0, 0.05, 0.5)),
        _ml_setup, _ml_update)
