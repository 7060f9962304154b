"""Chapter 6 (in progress): the all-to-all Kuramoto model against its exact mean-field theory."""

import numpy as np
import pytest

from coursekit import sync as Y
from coursekit.errors import InputError
from coursekit.sync import _kernels

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
