"""Chapter 6 (in progress): the all-to-all Kuramoto model against its exact mean-field theory;
rings of oscillators against the exact random-deposition and Edwards-Wilkinson widths."""

import numpy as np
import pytest

from coursekit import sync as Y
from coursekit.errors import InputError
from coursekit.sync import _kernels
from coursekit.sync import chains as C

N = 5000


def test_the_mean_field_right_hand_side_is_the_pairwise_sum(rng):
    theta, omega = rng.uniform(0, 2 * np.pi, 300), rng.normal(size=300)
    pairwise = omega + 1.7 / 300 * np.sin(theta[None, :] - theta[:, None]).sum(axis=1)
    np.testing.assert_allclose(_kernels.mean_field(theta, omega, 1.7), pairwise, atol=1e-12)


def test_identical_oscillators_synchronise_fully_and_seeded_runs_repeat():
    run = Y.simulate(omega=np.full(200, 0.3), K=1.0, t_end=60.0, seed=4)
    assert run.coherence[-1] > 1 - 1e-9
    # they lock and turn together at their common frequency
    np.testing.assert_allclose(np.diff(run.x[-2:], axis=0), 0.3 * run.stats["dt"], rtol=1e-6)
    again = Y.simulate(omega=np.full(200, 0.3), K=1.0, t_end=60.0, seed=4)
    assert np.array_equal(run.x, again.x)


@pytest.mark.parametrize("law, width, couplings", [
    ("lorentzian", 0.5, (1.5, 2.0, 3.0)),
    ("gaussian", 1.0, (2.0, 2.5)),
])
def test_the_steady_coherence_matches_the_self_consistency_curve(law, width, couplings):
    """5000 oscillators at the quantiles of the law: the coherence averaged over the last 50 of
    150 time units is the N -> infinity value within 0.01 (finite-N fluctuations are ~0.005);
    for the Lorentzian the curve is sqrt(1 - 2 gamma / K)."""
    omega = Y.natural_frequencies(N, law, width)
    for K in couplings:
        run = Y.simulate(omega=omega, K=K, t_eval=np.linspace(0.0, 150.0, 151), seed=1)
        assert abs(run.coherence[-50:].mean() - Y.steady_coherence(K, law, width)) < 0.01, K
    if law == "lorentzian":
        np.testing.assert_allclose(Y.steady_coherence(np.array(couplings), law, width),
                                   np.sqrt(1 - 2 * width / np.array(couplings)), rtol=1e-14)


def test_uniform_frequencies_lock_completely_above_the_jump():
    """Uniform law of half-width a: above K_c = 4a/pi every oscillator locks and r jumps to
    pi/4 at K_c (Pazo 2005); a fully locked state is a fixed point, reached to rounding."""
    assert Y.steady_coherence(Y.critical_coupling("uniform", 1.0) * (1 + 1e-9), "uniform",
                              1.0) == pytest.approx(np.pi / 4, abs=1e-4)
    run = Y.simulate(omega=Y.natural_frequencies(N, "uniform", 1.0), K=1.4,
                     t_eval=np.linspace(0.0, 150.0, 151), seed=1)
    assert run.coherence[-1] == pytest.approx(Y.steady_coherence(1.4, "uniform", 1.0), abs=1e-6)


@pytest.mark.parametrize("K", [2.0, 0.5])
def test_the_ott_antonsen_reduction_is_exact_for_lorentzian_frequencies(K):
    """All oscillators start at one phase (on the Ott-Antonsen manifold): r(t) follows
    dr/dt = -gamma r + K r (1 - r^2) / 2 above and below K_c = 2 gamma, to finite-N accuracy."""
    omega = Y.natural_frequencies(N, "lorentzian", 0.5)
    run = Y.simulate(np.zeros(N), omega=omega, K=K, t_eval=np.linspace(0.0, 20.0, 81))
    theory = Y.ott_antonsen(run.t, 1.0, K, 0.5)
    above_noise = theory > 0.05                            # finite-N floor ~ 1/sqrt(N)
    assert np.abs(run.coherence - theory)[above_noise].max() < 0.01


def test_rk4_converges_at_fourth_order(rng):
    omega, theta0 = rng.normal(size=6), rng.uniform(0, 2 * np.pi, 6)
    ref = Y.simulate(theta0, omega=omega, K=1.3, t_eval=[0.0, 5.0], dt=0.005).x[-1]
    err = [np.abs(Y.simulate(theta0, omega=omega, K=1.3, t_eval=[0.0, 5.0], dt=h).x[-1]
                  - ref).max() for h in (0.2, 0.1, 0.05)]
    order = np.polyfit(np.log([0.2, 0.1, 0.05]), np.log(err), 1)[0]
    assert 3.8 < order < 4.2


def test_frequencies_and_theory_helpers():
    q = Y.natural_frequencies(1001, "gaussian", 2.0, centre=1.0)
    assert q[500] == pytest.approx(1.0) and np.all(np.diff(q) > 0)
    np.testing.assert_allclose(q - 1.0, -(q[::-1] - 1.0), atol=1e-12)       # symmetric
    a = Y.natural_frequencies(10, "lorentzian", sampling="random", seed=3)
    assert np.array_equal(a, Y.natural_frequencies(10, "lorentzian", sampling="random", seed=3))
    assert Y.critical_coupling("gaussian", 1.0) == pytest.approx(2 / (np.pi / np.sqrt(2 * np.pi)))
    assert Y.steady_coherence(1.0, "gaussian", 1.0) == 0.0                  # below K_c
    r, psi = Y.order_parameter(np.zeros((2, 4)))
    assert r.tolist() == [1.0, 1.0] and psi.tolist() == [0.0, 0.0]


def test_bad_input_is_refused_clearly():
    with pytest.raises(InputError, match="law"):
        Y.natural_frequencies(10, "cauchy")
    with pytest.raises(InputError, match="K"):
        Y.simulate(omega=np.zeros(3), K=-1.0, t_end=1.0)
    with pytest.raises(InputError, match="theta0"):
        Y.simulate(np.zeros(2), omega=np.zeros(3), K=1.0, t_end=1.0)
    with pytest.raises(InputError, match="r0"):
        Y.ott_antonsen([0.0], 1.5, K=1.0)


# ---- rings of oscillators as interfaces ---------------------------------------------------------

def _w2(rings):
    return (C.roughness(rings.x) ** 2).mean(axis=1)            # mean over realisations


def test_random_deposition_widens_exactly_as_2_d_t():
    """No coupling: each phase is an independent Brownian motion, E W^2 = 2 D t (1 - 1/L) about
    the ring's mean (400 rings of 64: within 4 standard errors); with columnar frequencies and
    no noise W = std(omega) t exactly, ring by ring (beta = 1)."""
    rings = C.simulate_ring(64, K=0.0, D=0.5, t_eval=[0.0, 2.0, 10.0], replicas=400, seed=5)
    exact = C.linear_width2(rings.t, 64, 0.0, 0.5)
    np.testing.assert_allclose(exact[1:], 2 * 0.5 * rings.t[1:] * (1 - 1 / 64), rtol=1e-12)
    each = C.roughness(rings.x[1:]) ** 2
    assert np.all(np.abs(each.mean(axis=1) - exact[1:]) < 4 * each.std(axis=1) / np.sqrt(400))
    columnar = C.simulate_ring(16, K=0.0, sigma=1.0, t_eval=[0.0, 5.0], replicas=3, seed=2)
    np.testing.assert_allclose(C.roughness(columnar.x[-1]), columnar.omega.std(axis=1) * 5.0,
                               rtol=1e-12)


def test_the_linear_chain_grows_and_saturates_as_the_exact_edwards_wilkinson_width():
    """Gamma(x) = x with noise: E W^2(t) from the exact mode sum at every recording time, and
    the saturated value D (L^2 - 1) / (12 K L) of the stationary random-walk bridge."""
    rings = C.simulate_ring(32, K=1.0, D=0.5, coupling="linear",
                            t_eval=np.linspace(0.0, 200.0, 41), replicas=200, seed=1)
    exact = C.linear_width2(rings.t, 32, 1.0, 0.5)
    each = C.roughness(rings.x) ** 2                               # (n_times, replicas)
    error = each.std(axis=1) / np.sqrt(each.shape[1])             # standard error of the mean
    assert np.all(np.abs(each.mean(axis=1) - exact)[1:] < 4 * error[1:])
    late = each[rings.t >= 100.0].mean(axis=0)                     # each ring's time average
    saturated = 0.5 * (32**2 - 1) / (12 * 32)
    assert exact[-1] == pytest.approx(saturated, rel=1e-6)
    assert abs(late.mean() - saturated) < 4 * late.std() / np.sqrt(late.size)
    assert abs(late.mean() - saturated) < 0.05 * saturated


def test_edwards_wilkinson_growth_exponent_is_one_quarter():
    """L = 1024, times 1 to 100 (before saturation, t << L^2 / (4 pi^2 K)): W ~ t^beta with
    beta = 1/4 (fit of log W against log t for the mean W^2 of 10 rings)."""
    rings = C.simulate_ring(1024, K=1.0, D=0.5, coupling="linear",
                            t_eval=np.geomspace(1.0, 100.0, 15), replicas=10, seed=3)
    beta = np.polyfit(np.log(rings.t), 0.5 * np.log(_w2(rings)), 1)[0]
    assert beta == pytest.approx(0.25, abs=0.02)


def test_heun_saturates_closer_to_the_exact_width_than_euler_at_a_coarse_step():
    exact = 0.5 * (16**2 - 1) / (12 * 16)
    got = {}
    for method in ("heun", "euler"):
        rings = C.simulate_ring(16, K=1.0, D=0.5, coupling="linear", dt=0.2, method=method,
                                t_eval=np.linspace(50.0, 400.0, 36), replicas=100, seed=8)
        got[method] = _w2(rings).mean()
    assert abs(got["heun"] / exact - 1) < 0.04
    assert abs(got["euler"] / exact - 1) > 2 * abs(got["heun"] / exact - 1)


def test_a_non_odd_coupling_makes_the_interface_advance_as_kpz_predicts():
    """Gamma(x) = sin x + b (1 - cos x): the odd part cancels around the ring, so the mean phase
    advances at 2 K b <1 - cos phi> (phi the neighbour differences), measured here from the
    recorded profiles; for weak noise that is b D (1 - 1/L)(1 - D / 4K), the excess velocity of
    a KPZ interface whose stationary slopes are those of Edwards-Wilkinson. The odd chain (b =
    0) stays in place, and at weak noise its width is the linear chain's."""
    K, D, b, L = 1.0, 0.05, 0.5, 64
    rings = C.simulate_ring(L, K=K, D=D, b=b, t_eval=np.linspace(0.0, 400.0, 81), replicas=50,
                            seed=4)
    late = rings.t >= 100.0
    mean_phase = rings.x[late].mean(axis=(1, 2))
    v = np.polyfit(rings.t[late], mean_phase, 1)[0]
    phi = np.roll(rings.x[late], -1, axis=2) - rings.x[late]
    assert v == pytest.approx(2 * K * b * (1 - np.cos(phi)).mean(), rel=0.04)
    assert v == pytest.approx(b * D * (1 - 1 / L) * (1 - D / (4 * K)), rel=0.05)
    odd = C.simulate_ring(16, K=K, D=0.02, t_eval=np.linspace(50.0, 400.0, 36), replicas=100,
                          seed=4)
    slopes = np.polyfit(odd.t, odd.x.mean(axis=2), 1)[0]          # each ring's mean velocity
    assert abs(slopes.mean()) < 4 * slopes.std() / np.sqrt(slopes.size)
    assert (C.roughness(odd.x) ** 2).mean() == pytest.approx(0.02 * (16**2 - 1) / (12 * 16 * K),
                                                            rel=0.05)


def test_rings_are_reproducible_on_any_number_of_threads():
    import numba

    def run():
        return C.simulate_ring(24, K=1.0, D=0.3, sigma=0.2, b=0.5, t_end=5.0, replicas=70,
                               seed=9)

    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = run()
    finally:
        numba.set_num_threads(before)
    many = run()
    assert np.array_equal(one.x, many.x) and np.array_equal(one.omega, many.omega)
    assert not np.array_equal(one.x[-1, 0], one.x[-1, 1])       # realisations differ


def test_ring_input_is_refused_clearly():
    with pytest.raises(InputError, match="b"):
        C.simulate_ring(8, K=1.0, coupling="linear", b=0.5, t_end=1.0)
    with pytest.raises(InputError, match="L"):
        C.simulate_ring(2, K=1.0, t_end=1.0)
    with pytest.raises(InputError, match="method"):
        C.simulate_ring(8, K=1.0, t_end=1.0, method="rk4")
    with pytest.raises(InputError, match="sites"):
        C.roughness([1.0])
