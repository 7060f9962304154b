"""KdV: exact solutions, spectral and fourth-order convergence, invariants, phase shifts."""

import numpy as np
import pytest

from coursekit import solitons as S
from coursekit.errors import InputError, SimulationError


def _periodic_soliton(x, t, c, x0, P):
    pos = (x0 + c * t - x[0]) % P + x[0]
    return sum(S.soliton(x, 0.0, c=c, x0=pos + m * P) for m in (-1, 0, 1))


def test_exact_soliton_solves_kdv_and_speed_is_twice_the_amplitude():
    x = np.linspace(-10, 10, 2001)
    h, dt = x[1] - x[0], 1e-5
    u = S.soliton(x, 0.0, c=3.0)
    ut = (S.soliton(x, dt, c=3.0) - S.soliton(x, -dt, c=3.0)) / (2 * dt)
    ux = np.gradient(u, h)
    uxxx = np.gradient(np.gradient(ux, h), h)
    # finite differences of second order: the residual is O(h^2) small, not zero
    assert np.max(np.abs(ut + 6 * u * ux + uxxx)[10:-10]) < 5e-3
    assert u.max() == pytest.approx(1.5)        # amplitude c / 2


def test_two_soliton_reduces_to_one_soliton_far_apart_and_normalisations_convert():
    x = np.linspace(-30, 30, 601)
    two = S.two_soliton(x, 0.0, 2.0, 1.0, x1=-10, x2=200)
    np.testing.assert_allclose(two, S.soliton(x, 0.0, c=4.0, x0=-10), atol=1e-12)
    # u_t + a u u_x + b u_xxx = 0: u = (6b/a) U(x, b t)
    np.testing.assert_allclose(S.soliton(x, 0.7, c=4.0, a=1.0, b=2.0),
                               12.0 * S.soliton(x, 1.4, c=2.0), rtol=1e-12)


def test_one_soliton_after_two_domain_crossings_below_1e_8():
    """N = 256 on [-15, 15), dt = 4e-4, ETDRK4: the soliton of speed 4 crosses twice."""
    x = S.periodic_grid(256, -15.0, 15.0)
    run = S.simulate(S.soliton(x, 0, c=4.0), x, dt=4e-4, t_eval=[0.0, 7.5, 15.0])
    err = np.max(np.abs(run.x[-1] - _periodic_soliton(x, 15.0, 4.0, 0.0, 30.0)))
    assert run.stats["dt"] == pytest.approx(4e-4) and run.stats["n_steps"] == 37_500
    assert err < 1e-8
    drift = run.invariant_drift()
    assert drift["mass"] < 1e-13 and drift["momentum"] < 1e-9 and drift["energy"] < 1e-9


@pytest.mark.parametrize("method", ["etdrk4", "ifrk4", "if-dp54"])
def test_two_soliton_against_hirota(method):
    P = 256 * 40 / 255
    x = S.periodic_grid(256, -20.0, -20.0 + P)
    u0 = S.two_soliton(x, 0.0, 2.0, 1.0, x1=-6, x2=-2)
    run = S.simulate(u0, x, dt=1e-3, t_eval=np.linspace(0, 2, 5), method=method, rtol=1e-11,
                     atol=1e-13)
    for t, u in zip(run.t, run.x, strict=True):
        assert np.max(np.abs(u - S.two_soliton(x, t, 2.0, 1.0, x1=-6, x2=-2))) < 1e-7


def test_spectral_convergence_in_N():
    """At fixed tiny dt the error falls exponentially with N (each +16 points: >= 10x)."""
    errs = []
    for N in (48, 64, 80):
        x = S.periodic_grid(N, -15.0, 15.0)
        run = S.simulate(S.soliton(x, 0, c=4.0), x, dt=1e-4, t_eval=[0.0, 0.25], dealias=False)
        errs.append(np.max(np.abs(run.x[-1] - _periodic_soliton(x, 0.25, 4.0, 0.0, 30.0))))
    assert errs[0] / errs[1] > 10 and errs[1] / errs[2] > 10


@pytest.mark.parametrize("method", ["etdrk4", "ifrk4"])
def test_fourth_order_in_dt(method):
    x = S.periodic_grid(256, -20.0, 20.0)
    u0 = S.soliton(x, 0, c=4.0, x0=-5)
    def run(h):
        return S.simulate(u0, x, dt=h, t_eval=[0.0, 0.5], method=method, dealias=False)

    ref = run(2.5e-4).x[-1]
    e = [np.max(np.abs(run(h).x[-1] - ref)) for h in (0.004, 0.002)]
    assert 3.6 < np.log2(e[0] / e[1]) < 4.6


def test_overtaking_collision_phase_shifts():
    """Track both peaks through the collision and compare with the exact shifts."""
    k1, k2 = 2.0, 1.0
    x = S.periodic_grid(512, -30.0, 30.0)
    u0 = S.two_soliton(x, 0.0, k1, k2, x1=-12, x2=-4)
    run = S.simulate(u0, x, dt=1e-3, t_eval=[0.0, 8.0])
    fast0, slow0 = S.locate_peaks(x, run.x[0], 2)     # fast behind (left of) the slow one
    slow1, fast1 = S.locate_peaks(x, run.x[-1], 2)    # after the collision: fast ahead
    shifts = S.phase_shifts(k1, k2)
    assert fast1 - (fast0 + k1**2 * 8) == pytest.approx(shifts.fast, abs=0.02)
    assert slow1 - (slow0 + k2**2 * 8) == pytest.approx(-shifts.slow, abs=0.02)
    assert shifts.slow / shifts.fast == pytest.approx(k1 / k2)


def test_integrating_factor_rk4_instability_is_caught_where_etdrk4_is_stable():
    """Below the nonlinear step limit IF-RK4 still goes unstable on a fine grid (here N = 512
    at 0.6 of the limit, near t = 13); the momentum monitor stops it. ETDRK4 with the same step
    keeps the momentum to 1e-4 (measured 2.5e-5)."""
    x = S.periodic_grid(512, -20.0, 20.0)
    u0 = S.soliton(x, 0, c=4.0, x0=-5)
    k = S.kdv.spectral.wavenumbers(512, 40.0)
    dt = 0.6 * S.kdv.STABILITY / (6 * u0.max() * k[S.kdv.spectral.dealias_mask(k)].max())
    with pytest.raises(SimulationError, match="method='etdrk4'") as info:
        S.simulate(u0, x, 40.0, dt=dt, method="ifrk4")
    assert info.value.cause == "unstable" and 5.0 < info.value.t < 40.0
    stable = S.simulate(u0, x, 40.0, dt=dt)
    assert stable.invariant_drift()["momentum"] < 1e-4


def test_adaptive_method_reports_its_steps():
    x = S.periodic_grid(128, -20.0, 20.0)
    run = S.simulate(S.soliton(x, 0, c=2.0), x, 1.0, method="if-dp54", rtol=1e-10)
    st = run.stats
    assert 0 < st["dt_min"] <= st["dt"]
    # the controller of a fifth-order pair: 100 times tighter needs 100^(1/5) = 2.5 times the
    # steps (measured 2.50 and 2.50 for rtol 1e-6 -> 1e-8 -> 1e-10, one recording interval)
    steps = [S.simulate(S.soliton(x, 0, c=2.0), x, t_eval=[0.0, 1.0], method="if-dp54",
                        rtol=rtol, atol=1e-16).stats["n_steps"] for rtol in (1e-8, 1e-10)]
    assert 2.2 < steps[1] / steps[0] < 2.9
    fine = S.simulate(S.soliton(x, 0, c=2.0), x, dt=2e-4, t_eval=[0.0, 1.0])   # same grid
    assert np.max(np.abs(run.x[-1] - fine.x[-1])) < 1e-9


def test_aliasing_without_dealiasing_is_visible_with_coarse_grids():
    x = S.periodic_grid(64, -20.0, 20.0)
    u0 = S.two_soliton(x, 0, 2.2, 1.0, x1=-5, x2=2)
    a = S.simulate(u0, x, dt=5e-4, t_eval=[0.0, 2.0])
    b = S.simulate(u0, x, dt=5e-4, t_eval=[0.0, 2.0], dealias=False)
    assert np.max(np.abs(a.x[-1] - b.x[-1])) > 1e-3


def test_errors_and_warnings(tmp_path):
    x = S.periodic_grid(128, -20.0, 20.0)
    u0 = S.soliton(x, 0, c=4.0)
    with pytest.raises(InputError, match="stability limit"):
        S.simulate(u0, x, 1.0, dt=0.5)
    with pytest.raises(InputError, match="a positive step"):
        S.simulate(u0, x, 1.0)
    with pytest.raises(InputError, match="method"):
        S.simulate(u0, x, 1.0, dt=1e-3, method="euler")
    with pytest.raises(InputError, match="equispaced"):
        S.simulate(u0, np.sort(np.random.default_rng(0).uniform(size=128)), 1.0, dt=1e-3)
    with pytest.raises(InputError, match="even"):
        S.periodic_grid(9, 0.0, 1.0)
    with pytest.raises(TypeError, match="every"):
        S.simulate(u0, x, 1.0, dt=1e-3, every=10)      # the old, dead parameter is gone
    with pytest.raises(InputError, match="c must"):
        S.soliton(x, 0.0, c=-1.0)
    with pytest.warns(UserWarning, match="boundary"):
        S.simulate(S.soliton(x, 0, c=4.0, x0=19.5), x, 0.01, dt=1e-3)
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")      # a smooth periodic start is not large "at the edge"
        S.simulate(np.cos(np.pi * x / 20.0), x, 0.01, dt=1e-3)
    with pytest.warns(UserWarning, match="boundary"):      # smooth, but not periodic
        S.simulate(np.tanh(x / 4.0), x, 0.01, dt=1e-3)
    coarse = S.periodic_grid(48, -10.0, 10.0)    # aliasing instability of IF-RK4 without 2/3
    start = S.two_soliton(coarse, 0, 3.0, 1.0, x1=-5, x2=2)
    with pytest.raises(SimulationError, match="momentum") as info, pytest.warns(UserWarning):
        S.simulate(start, coarse, 30.0, dt=0.002, method="ifrk4", dealias=False)
    assert info.value.cause == "unstable" and 10.0 < info.value.t < 25.0
    with pytest.warns(UserWarning):                        # the 2/3 rule cures it
        safe = S.simulate(start, coarse, 30.0, dt=0.002, method="ifrk4")
    assert safe.invariant_drift()["momentum"] < 1e-4
    run = S.simulate(u0, x, 0.1, dt=1e-3, t_eval=np.linspace(0, 0.1, 3))
    run.save(tmp_path / "run.npz")
    back = np.load(tmp_path / "run.npz")
    np.testing.assert_array_equal(back["x"], run.x)
    assert run.to_xarray()["u"].shape == run.x.shape


def test_the_step_actually_used_is_recorded():
    """Recording times that are not whole multiples of dt get shorter equal steps, and
    stats["dt"] reports the step used, not the one requested."""
    x = S.periodic_grid(128, -20.0, 20.0)
    u0 = S.soliton(x, 0, c=2.0)
    run = S.simulate(u0, x, dt=0.003, t_eval=[0.0, 0.01, 0.02])
    assert run.stats["dt"] == pytest.approx(0.0025) and run.stats["n_steps"] == 8
    exact = S.simulate(u0, x, dt=0.0025, t_eval=[0.0, 0.01, 0.02])
    np.testing.assert_allclose(run.x, exact.x, rtol=0, atol=1e-13)
    adaptive = S.simulate(u0, x, 0.5, method="if-dp54", rtol=1e-8)
    assert adaptive.stats["n_steps"] > 0 and "n_rejected" in adaptive.stats


def test_seeded_perturbations_are_reproducible():
    x = S.periodic_grid(128, -20.0, 20.0)
    u0 = S.soliton(x, 0, c=2.0)
    a = S.perturbed(u0, 0.01, seed=3)
    assert np.array_equal(a, S.perturbed(u0, 0.01, seed=3))
    assert not np.array_equal(a, S.perturbed(u0, 0.01, seed=4))
    assert np.max(np.abs(a - u0)) == pytest.approx(0.01)


def test_reflectionless_start_splits_into_solitons_of_amplitudes_2_n_squared():
    """u(x, 0) = N(N+1) sech^2 x has bound states kappa = 1..N (inverse scattering): it
    releases N solitons of amplitude 2 kappa^2 and speed 4 kappa^2, and nothing else."""
    x = S.periodic_grid(1024, -30.0, 30.0)
    run = S.simulate(6.0 / np.cosh(x) ** 2, x, dt=2e-4, t_eval=[0.0, 0.8])
    slow, fast = S.locate_peaks(x, run.x[-1], 2)
    assert fast == pytest.approx(16 * 0.8, abs=0.5) and slow == pytest.approx(4 * 0.8, abs=1.0)
    for p, amplitude in [(slow, 2.0), (fast, 8.0)]:
        near = np.abs(x - p) < 2.0
        assert run.x[-1][near].max() == pytest.approx(amplitude, rel=2e-3)
    ripples = run.x[-1][x < -2.0]
    assert np.abs(ripples).max() < 1e-3          # reflectionless: no radiation behind


def test_zabusky_kruskal_recurrence_time():
    """u_t + u u_x + 0.022^2 u_xxx = 0 from cos(pi x) on [0, 2): eight solitons by 3.6 t_B and
    a near-recurrence (up to a translation) at t_R = 30.4 t_B (Zabusky and Kruskal 1965);
    measured 29.96 t_B at N = 256."""
    t_B = 1 / np.pi
    x = S.periodic_grid(256, 0.0, 2.0)
    t = np.linspace(20 * t_B, 34 * t_B, 141)
    run = S.simulate(np.cos(np.pi * x), x, dt=4e-4, t_eval=np.r_[0.0, 3.6 * t_B, t],
                     a=1.0, b=0.022**2)
    u36 = run.x[1]
    assert np.sum((u36 > np.roll(u36, 1)) & (u36 >= np.roll(u36, -1))) == 8
    u0 = np.fft.fft(run.x[0])
    dist = [np.linalg.norm(np.roll(u, -np.argmax(np.fft.ifft(np.fft.fft(u) * np.conj(u0)).real))
                           - run.x[0]) for u in run.x[2:]]
    assert t[int(np.argmin(dist))] / t_B == pytest.approx(30.4, rel=0.03)
