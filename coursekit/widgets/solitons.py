"""Chapter 3 dashboard: launch two KdV solitons and watch them collide."""

from __future__ import annotations

import warnings

import numpy as np

from coursekit import plot
from coursekit import solitons as S
from coursekit.widgets._core import Dashboard, Slider

__all__ = ["two_soliton_dashboard"]

N, X_MIN, X_MAX, T_END, DT = 256, -30.0, 30.0, 10.0, 2e-3


def _setup():
    fig, (ax_st, ax_p) = plot.figure(1, 2, width=9.5, height=3.8,
                                     gridspec_kw={"width_ratios": [1.2, 1]})
    x = S.periodic_grid(N, X_MIN, X_MAX)
    img = ax_st.imshow(np.zeros((101, N)), origin="lower", aspect="auto", cmap="viridis",
                       extent=(X_MIN, X_MAX, 0, T_END), vmin=0, vmax=3)
    ax_st.set(xlabel="position x (dimensionless)", ylabel="time t (dimensionless)")
    ax_st.grid(False)
    fig.colorbar(img, ax=ax_st, label="u (dimensionless)")
    t_line = ax_st.axhline(0, color="white", lw=1, ls="--")
    (prof,) = ax_p.plot(x, np.zeros(N), color=plot.COLORS["accent"], label="u(x, t)")
    (start,) = ax_p.plot(x, np.zeros(N), color=plot.COLORS["muted"], lw=1, label="u(x, 0)")
    ax_p.set(xlabel="position x (dimensionless)", ylabel="u (dimensionless)", xlim=(X_MIN, X_MAX))
    ax_p.legend(fontsize=8, loc="upper left")
    title = fig.suptitle("")
    return fig, dict(x=x, img=img, t_line=t_line, prof=prof, start=start, ax_p=ax_p,
                     title=title, cache={})


def _update(state, amp1, amp2, x1, x2, t_view):
    key = (amp1, amp2, x1, x2)
    if key not in state["cache"]:        # moving only the time slider re-uses the run
        x = state["x"]
        u0 = S.soliton(x, 0, c=2 * amp1, x0=x1) + S.soliton(x, 0, c=2 * amp2, x0=x2)
        with warnings.catch_warnings():   # wide, low solitons near the edge: tiny tails
            warnings.simplefilter("ignore", UserWarning)
            state["cache"] = {key: S.simulate(u0, x, T_END, dt=DT)}
    run = state["cache"][key]
    j = int(round(t_view / T_END * (run.t.size - 1)))
    state["img"].set_data(run.x)
    state["img"].set_clim(0, max(amp1, amp2) * 1.1)
    state["t_line"].set_ydata([run.t[j], run.t[j]])
    state["prof"].set_ydata(run.x[j])
    state["start"].set_ydata(run.x[0])
    state["ax_p"].set_ylim(-0.1 * max(amp1, amp2), 1.2 * max(amp1, amp2))
    drift = run.invariant_drift()
    state["title"].set_text(
        f"amplitudes {amp1:.2f} and {amp2:.2f} (speeds {2 * amp1:.2f}, {2 * amp2:.2f}); "
        f"profile at t = {run.t[j]:.1f}; energy drift {drift['energy']:.1e}")


def two_soliton_dashboard() -> Dashboard:
    """Two solitons on a periodic domain [-30, 30): amplitudes, starting positions, and the
    time of the profile shown. KdV: u_t + 6 u u_x + u_xxx = 0, N = 256, ETDRK4 with dt = 0.002;
    a soliton of amplitude A moves at speed 2A.

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("amp1")`` (a page) or ``.render()``.

    Examples
    --------
    >>> "amp1" in [s.name for s in two_soliton_dashboard().sliders]
    True
    """
    return Dashboard(
        "Two KdV solitons: the tall one overtakes the short one",
        (Slider("amp1", "amplitude 1", 0.2, 3.0, 0.1, 2.0),
         Slider("amp2", "amplitude 2", 0.2, 3.0, 0.1, 0.5),
         Slider("x1", "start of soliton 1", -25.0, 10.0, 0.5, -15.0),
         Slider("x2", "start of soliton 2", -25.0, 10.0, 0.5, -5.0),
         Slider("t_view", "profile at time", 0.0, T_END, 0.1, 5.0)),
        _setup, _update)
