"""Chapter 7 dashboards: the rank of a DMD, and SINDy under noise and thresholding."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from coursekit import plot, systems
from coursekit.errors import SimulationError
from coursekit.koopman import DMD, SINDy
from coursekit.widgets._core import Dashboard, Slider

__all__ = ["dmd_dashboard", "example_field", "sindy_dashboard"]

N_GRID, N_TIMES, T_FIELD, NOISE_FIELD, SEED = 200, 200, 8 * np.pi, 0.02, 2026
#: The field's exact continuous-time eigenvalues (growth rate + i frequency).
FIELD_EIGENVALUES = np.array([2.3j, -2.3j, -0.1 + 2.8j, -0.1 - 2.8j, -0.3])


@lru_cache(maxsize=1)
def example_field() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A noisy field with five exact DMD eigenvalues (:data:`FIELD_EIGENVALUES`).

    On :math:`\\xi \\in [-10, 10]` (200 points), :math:`t \\in [0, 8\\pi]` (200 samples):
    a wave at frequency 2.3 about :math:`\\xi = -3`, a wave at frequency 2.8 decaying at rate 0.1
    about :math:`\\xi = 0`, a bump decaying at rate 0.3 about :math:`\\xi = 4`, plus white noise of
    standard deviation 0.02 (seeded).

    Returns
    -------
    (ndarray, ndarray, ndarray)
        ``t`` ``(200,)``, ``grid`` ``(200,)`` and the field ``(200, 200)``, time first.

    Raises
    ------
    ValueError
        Never.

    Examples
    --------
    >>> t, grid, field = example_field()
    >>> field.shape
    (200, 200)
    """
    t = np.linspace(0.0, T_FIELD, N_TIMES)
    xi = np.linspace(-10.0, 10.0, N_GRID)
    T, X = np.meshgrid(t, xi, indexing="ij")
    sech = lambda u: 1.0 / np.cosh(u)  # noqa: E731
    wave1 = sech(X + 3) * np.cos(2.3 * T) + 0.5 * sech(X + 3) * np.tanh(X + 3) * np.sin(2.3 * T)
    wave2 = np.exp(-0.1 * T) * (2 * sech(X) * np.tanh(X) * np.cos(2.8 * T) + sech(X) * np.sin(2.8 * T))
    bump = np.exp(-0.3 * T) * np.exp(-((X - 4) ** 2))
    noise = NOISE_FIELD * np.random.default_rng(SEED).standard_normal(T.shape)
    field = wave1 + wave2 + bump + noise
    field.setflags(write=False)
    return t, xi, field


def _dmd_setup():
    fig, (ax_s, ax_e, ax_f) = plot.figure(1, 3, width=11.0, height=3.6)
    t, xi, field = example_field()
    s = np.linalg.svd(field[:-1].T, compute_uv=False)
    ax_s.semilogy(np.arange(1, 31), s[:30], "o", ms=3, color=plot.COLORS["muted"])
    (kept,) = ax_s.semilogy([], [], "o", ms=4, color=plot.COLORS["accent"], label="kept")
    ax_s.set(xlabel="index j", ylabel="singular value σ_j")
    ax_s.legend(fontsize=8)
    circle = np.exp(1j * np.linspace(0, 2 * np.pi, 200))
    ax_e.plot(circle.real, circle.imag, color=plot.COLORS["muted"], lw=1)
    exact = np.exp(FIELD_EIGENVALUES * (t[1] - t[0]))
    ax_e.plot(exact.real, exact.imag, "o", mfc="none", ms=9, color=plot.COLORS["theory"], label="exact")
    eig = ax_e.scatter([], [], c=[], s=18, cmap="viridis_r", vmin=0.0, vmax=0.3, zorder=3)
    fig.colorbar(eig, ax=ax_e, label="residual (ResDMD)")
    ax_e.set(xlabel="Re λ", ylabel="Im λ", aspect="equal", xlim=(-1.1, 1.1), ylim=(-1.1, 1.1))
    ax_e.legend(fontsize=8, loc="lower left")
    ax_f.plot(xi, field[-1], color=plot.COLORS["muted"], lw=1, label="data")
    (rec,) = ax_f.plot(xi, np.zeros_like(xi), color=plot.COLORS["accent"], label="DMD from t = 0")
    ax_f.set(xlabel="position ξ (dimensionless)", ylabel=f"field at t = {t[-1]:.1f}",
             ylim=(-1.6, 1.6))
    ax_f.legend(fontsize=8, loc="upper right")
    title = fig.suptitle("")
    return fig, dict(kept=kept, eig=eig, rec=rec, title=title)


def _dmd_update(state, rank):
    rank = int(rank)
    t, xi, field = example_field()
    model = DMD(rank=rank).fit(field, dt=t[1] - t[0])
    s = model.singular_values_
    state["kept"].set_data(np.arange(1, rank + 1), s[:rank])
    lam = model.eigenvalues_
    state["eig"].set_offsets(np.c_[lam.real, lam.imag])
    state["eig"].set_array(model.residuals_)
    rec = model.reconstruct(len(t))
    state["rec"].set_ydata(rec[-1])
    err = np.linalg.norm(rec - field) / np.linalg.norm(field)
    good = int(np.sum(model.residuals_ < 0.05))
    state["title"].set_text(f"rank r = {rank}: reconstruction error {err:.3f}; "
                            f"{good} of {rank} eigenvalues with residual < 0.05")


def dmd_dashboard() -> Dashboard:
    r"""Exact DMD of a noisy field with five known eigenvalues (:func:`example_field`) as its
    rank changes: the singular values kept, the eigenvalues :math:`\lambda_j` on the unit circle
    (circles: exact) coloured by their ResDMD residual, and the last snapshot rebuilt by the
    mode expansion :math:`\sum_j b_j\lambda_j^k\phi_j` from :math:`t = 0`.

    Returns
    -------
    Dashboard
        Render it with ``.live()`` (a kernel), ``.static("rank")`` (a page) or ``.render()``.

    Examples
    --------
    >>> fig, state = dmd_dashboard().render(rank=5)
    >>> "5 of 5 eigenvalues" in state["title"].get_text()
    True
    """
    return Dashboard("DMD: how many modes?",
                     (Slider("rank", "rank r", 1, 20, 1, 3),), _dmd_setup, _dmd_update)


DT_SINDY, T_SINDY, T_SHOW = 0.002, 10.0, 5.0
LORENZ_TERMS = ["1", "x", "y", "z", "x^2", "x y", "x z", "y^2", "y z", "z^2"]


@lru_cache(maxsize=1)
def _lorenz_samples() -> np.ndarray:
    x = np.array(systems.simulate(systems.lorenz(), t_end=T_SINDY, dt=DT_SINDY, transient=5.0).x)
    x.setflags(write=False)
    return x


def _sindy_setup():
    fig, (ax_c, ax_x) = plot.figure(1, 2, width=11.0, height=3.8, gridspec_kw={"width_ratios": [1, 1.4]})
    img = ax_c.imshow(np.zeros((3, 10)), cmap="RdBu_r", vmin=-30, vmax=30, aspect="auto")
    ax_c.set_xticks(range(10), LORENZ_TERMS, rotation=60, fontsize=8)
    ax_c.set_yticks(range(3), ["dx/dt", "dy/dt", "dz/dt"])
    ax_c.set_xlabel("library function")
    ax_c.grid(False)
    fig.colorbar(img, ax=ax_c, label="coefficient")
    t = DT_SINDY * np.arange(int(T_SHOW / DT_SINDY) + 1)
    truth = _lorenz_samples()[: t.size, 0]
    ax_x.plot(t, truth, color=plot.COLORS["muted"], lw=2.5, label="Lorenz")
    (model,) = ax_x.plot(t, np.zeros_like(t), color=plot.COLORS["accent"], lw=1.2, label="identified model")
    ax_x.set(xlabel="time t", ylabel="x(t)", ylim=(-25, 25))
    ax_x.legend(fontsize=8, loc="lower left")
    eqs = ax_x.text(0.02, 0.98, "", transform=ax_x.transAxes, va="top", fontsize=8, family="monospace")
    title = fig.suptitle("")
    return fig, dict(img=img, model=model, eqs=eqs, title=title)


def _sindy_update(state, noise, threshold):
    X = np.array(_lorenz_samples())
    X += noise / 100 * X.std(axis=0) * np.random.default_rng(SEED).standard_normal(X.shape)
    model = SINDy(threshold=threshold, differentiation="savgol").fit(X, dt=DT_SINDY)
    state["img"].set_data(model.coef_)
    n_show = int(T_SHOW / DT_SINDY)
    try:
        x = model.simulate(_lorenz_samples()[0], n_show).x[:, 0]
        note = ""
    except SimulationError as err:
        x = np.full(n_show + 1, np.nan)
        note = f" (the model blew up at t = {err.t:.2f})"
    state["model"].set_ydata(x)
    state["eqs"].set_text("\n".join(model.equations(2)))
    n_terms = int(np.count_nonzero(model.coef_))
    state["title"].set_text(f"noise {noise:g} %, threshold λ = {threshold:g}: {n_terms} terms "
                            f"(Lorenz has 7){note}")


def sindy_dashboard() -> Dashboard:
    r"""SINDy on 10 time units of the Lorenz attractor sampled every 0.002 with added noise (a
    percentage of each component's standard deviation): the identified coefficients
    :math:`\Xi` (degree-2 library, Savitzky–Golay derivatives), the printed equations, and the
    identified model's :math:`x(t)` from the data's first state against the true orbit.

    Returns
    -------
    Dashboard
        Render it with ``.live()``, ``.static("noise")`` or ``.render()``.

    Examples
    --------
    >>> fig, state = sindy_dashboard().render(noise=1.0, threshold=0.5)
    >>> "7 terms" in state["title"].get_text()
    True
    """
    return Dashboard("SINDy: noise and sparsity",
                     (Slider("noise", "noise (%)", 0.0, 10.0, 0.5, 1.0),
                      Slider("threshold", "threshold λ", 0.05, 3.0, 0.05, 0.5)),
                     _sindy_setup, _sindy_update)
