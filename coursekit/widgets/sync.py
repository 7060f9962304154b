"""Chapter 6 dashboard: a ring of phase oscillators as a growing interface, set by the
coupling, the noise and the non-oddness of the coupling."""

from __future__ import annotations

import numpy as np

from coursekit import plot
from coursekit import sync as Y
from coursekit.widgets._core import Dashboard, Slider

__all__ = ["ring_dashboard"]

L, REPLICAS, T_END, FIT_FROM, SEED = 512, 32, 200.0, 20.0, 2026
#: Recording times: even ones for the space-time plot, log-spaced ones for the fit.
T_EVEN = np.linspace(0.0, T_END, 101)
T_EVAL = np.union1d(T_EVEN, np.geomspace(1.0, T_END, 24))


def _setup():
    fig, (ax_st, ax_w) = plot.figure(1, 2, width=9.5, height=3.8,
                                     gridspec_kw={"width_ratios": [1.2, 1]})
    img = ax_st.imshow(np.zeros((T_EVEN.size, L)), origin="lower", aspect="auto",
                       cmap="RdBu_r", extent=(0, L, 0, T_END), vmin=-2.0, vmax=2.0)
    ax_st.set(xlabel="oscillator j", ylabel="time t")
    ax_st.grid(False)
    fig.colorbar(img, ax=ax_st, label="θ_j − mean phase (rad)")
    (w2,) = ax_w.loglog([], [], "o", ms=3, color=plot.COLORS["accent"], label=f"⟨W²⟩, {REPLICAS} rings")
    (fit,) = ax_w.loglog([], [], color=plot.COLORS["muted"], lw=2, label="fit")
    ax_w.set(xlabel="time t", ylabel="mean squared roughness ⟨W²⟩ (rad²)", xlim=(1, T_END))
    ax_w.legend(fontsize=8, loc="upper left")
    title = fig.suptitle("")
    return fig, dict(img=img, w2=w2, fit=fit, ax_w=ax_w, title=title)


def step(K: float, b: float) -> float:
    """The dashboard's time step: 0.05, or less where the stability limit asks for it."""
    return min(0.05, 0.8 * Y.step_limit(K, b))


def _update(state, K, D, b):
    rings = Y.simulate_ring(L, K=K, D=D, b=b, t_eval=T_EVAL, replicas=REPLICAS, seed=SEED,
                            dt=step(K, b))
    even = np.isin(rings.t, T_EVEN)
    h = rings.x[even, 0]
    state["img"].set_data(h - h.mean(axis=1, keepdims=True))
    growth = Y.growth_exponent(rings, FIT_FROM, T_END, n_boot=200, seed=SEED)
    t = rings.t[rings.t > 0]
    state["w2"].set_data(t, growth.width2[rings.t > 0])
    tf = np.array(growth.window)
    w_end = growth.width2[np.searchsorted(rings.t, tf)]
    state["fit"].set_data(tf, w_end[1] * (tf / tf[1]) ** (2 * growth.beta))
    state["fit"].set_label(f"slope 2β, β = {growth.beta:.2f}")
    state["ax_w"].legend(fontsize=8, loc="upper left")
    state["ax_w"].relim()
    state["ax_w"].autoscale_view(scalex=False)
    slips = f" ({growth.slips} slips)" if growth.slips else ""
    state["title"].set_text(f"K = {K:g}, D = {D:g}, b = {b:g}: β = {growth.beta:.2f} "
                            f"[{growth.interval[0]:.2f}, {growth.interval[1]:.2f}] → "
                            f"{Y.classify_growth(growth)}{slips}")


def ring_dashboard() -> Dashboard:
    r"""A ring of 512 phase oscillators,
    :math:`d\theta_j = K[\Gamma(\theta_{j+1} - \theta_j) + \Gamma(\theta_{j-1} - \theta_j)]dt
    + \sqrt{2D}\,dW_j` with :math:`\Gamma(x) = \sin x + b(1 - \cos x)`, from a flat start
    (stochastic Heun, step 0.05 or 0.8 of :func:`~coursekit.sync.chains.step_limit`):
    the space–time plot of one ring's phases about their mean, and the mean squared roughness
    of 32 rings on log–log axes with the growth exponent fitted from t = 20 to 200 (its 95 %
    interval over the rings) and the regime it names
    (:func:`~coursekit.sync.roughening.classify_growth`).

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("b")`` (a page) or ``.render()``.

    Examples
    --------
    >>> fig, state = ring_dashboard().render(b=0.0)
    >>> "Edwards-Wilkinson" in state["title"].get_text()
    True
    """
    return Dashboard(
        "A ring of phase oscillators: Edwards–Wilkinson, KPZ, or slipping",
        (Slider("K", "coupling K", 0.2, 3.0, 0.1, 1.0),
         Slider("D", "noise D", 0.01, 0.4, 0.01, 0.05),
         Slider("b", "non-oddness b", 0.0, 8.0, 0.5, 0.0)), _setup, _update)
