"""Leslie matrices, coupled Leslie models, and fitting Gause's data."""

import numpy as np
import pytest

from coursekit.population import gause as G
from coursekit.population import leslie as Ls

# --- Leslie matrices ------------------------------------------------------------------------------

def test_two_by_two_by_hand():
    # L = [[F0, F1], [s0, 0]]: lambda^2 - F0 lambda - F1 s0 = 0
    L = Ls.leslie_matrix([0.5, 2.0], [0.5])
    lam = (0.5 + np.sqrt(0.25 + 4 * 1.0)) / 2
    a = Ls.analyse(L)
    assert a.growth_factor == pytest.approx(lam)
    np.testing.assert_allclose(a.stable_age, np.array([1, 0.5 / lam]) / (1 + 0.5 / lam))


def test_three_by_three_by_hand_and_against_numpy():
    L = Ls.leslie_matrix([0.0, 1.2, 1.0], [0.5, 0.8])   # 1.2*0.5/lam^2 + 1.0*0.4/lam^3 = 1
    a = Ls.analyse(L)
    assert a.growth_factor == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    for _ in range(20):
        m = rng.integers(2, 7)
        L = Ls.leslie_matrix(rng.uniform(0, 2, m), rng.uniform(0.1, 1, m - 1))
        lam = Ls.analyse(L).growth_factor
        assert lam == pytest.approx(np.max(np.abs(np.linalg.eigvals(L))), rel=1e-12)
        F, s = L[0], np.diag(L, -1)
        assert Ls.euler_lotka(F, s, lam) == pytest.approx(0.0, abs=1e-10)


def test_projection_converges_to_the_stable_age_distribution():
    L = Ls.leslie_matrix([0.0, 1.5, 1.0], [0.5, 0.8])
    a = Ls.analyse(L)
    n = Ls.project(L, [10.0, 0.0, 0.0], 200)
    np.testing.assert_allclose(n[-1] / n[-1].sum(), a.stable_age, rtol=1e-9)
    assert n[-1].sum() / n[-2].sum() == pytest.approx(a.growth_factor, rel=1e-9)


def test_sensitivity_matches_finite_differences_and_elasticities_sum_to_one():
    L = Ls.leslie_matrix([0.2, 1.1, 0.9, 0.4], [0.6, 0.7, 0.5])
    a = Ls.analyse(L)
    h = 1e-7
    for i, j in [(0, 1), (1, 0), (3, 2)]:
        Lp = L.copy()
        Lp[i, j] += h
        fd = (Ls.analyse(Lp).growth_factor - a.growth_factor) / h
        assert a.sensitivity[i, j] == pytest.approx(fd, rel=1e-5)
    assert a.elasticity.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(a.reproductive_value @ L, a.growth_factor * a.reproductive_value)


@pytest.mark.parametrize("call, match", [
    (lambda: Ls.leslie_matrix([-1.0, 1.0], [0.5]), "fecundity"),
    (lambda: Ls.leslie_matrix([1.0, 1.0], [1.2]), "survival"),
    (lambda: Ls.leslie_matrix([1.0, 1.0, 1.0], [0.5]), "survival probabilities"),
    (lambda: Ls.leslie_matrix([1.0, np.nan], [0.5]), "NaN"),
    (lambda: Ls.coupled(np.eye(2), np.eye(3), np.zeros((2, 2)), np.zeros((3, 2))), "blocks"),
    (lambda: Ls.project(np.eye(2), [1.0, 2.0, 3.0], 3), "length"),
    (lambda: Ls.analyse(np.ones((2, 3))), "square"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- coupled models -------------------------------------------------------------------------------

LX = Ls.leslie_matrix([0.0, 1.4, 1.0], [0.6, 0.7])
LY = Ls.leslie_matrix([0.2, 0.9], [0.5])


def _predator_prey(eps):
    P = eps * np.array([[0.2, 0.4], [0.1, 0.3], [0.1, 0.1]])
    Q = eps * np.array([[0.0, 0.3, 0.2], [0.0, 0.0, 0.0]])
    return Ls.coupled(LX, LY, -P, Q), (-P, Q)


def test_long_run_growth_equals_the_dominant_eigenvalue():
    M, _ = _predator_prey(0.2)
    z = Ls.project(M, np.ones(5), 400)
    assert np.linalg.norm(z[-1]) / np.linalg.norm(z[-2]) == pytest.approx(Ls.growth_factor(M),
                                                                          rel=1e-9)


def test_approximate_growth_factor_is_third_order_in_the_coupling():
    errors = []
    for eps in (0.2, 0.1, 0.05):
        M, (B, C) = _predator_prey(eps)
        errors.append(abs(Ls.approximate_growth_factor(LX, LY, B, C) - Ls.growth_factor(M)))
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all(ratios > 6)          # halving the coupling divides the error by ~8 (or 16)
    assert errors[0] < 1e-2 * Ls.growth_factor(_predator_prey(0.2)[0])


def test_last_species_standing_and_competition():
    # competition: the species with the larger own growth factor takes over
    C = 0.05 * np.ones((3, 2))
    M = Ls.coupled(LX, LY, -C, -C.T)
    lam_x, lam_y = Ls.analyse(LX).growth_factor, Ls.analyse(LY).growth_factor
    assert lam_x > lam_y
    winner, share = Ls.dominant_species(M, 3)
    z = Ls.project(M, np.ones(5), 300)
    assert winner == "x"
    assert z[-1, :3].sum() / np.abs(z[-1]).sum() == pytest.approx(share, rel=1e-6)
    # swapping the blocks swaps the winner
    M2 = Ls.coupled(LY, LX, -C.T, -C)
    assert Ls.dominant_species(M2, 2)[0] == "y"


def test_complex_variant_grows_and_rotates_with_the_dominant_eigenvalue():
    M = np.array([[1.2 * np.exp(0.3j), 0.1], [0.05, 0.9]])
    lam = Ls.growth_factor(M)
    assert isinstance(lam, complex)
    z = Ls.project(M, np.array([1.0 + 0j, 1.0]), 200)
    ratio = z[-1, 0] / z[-2, 0]
    assert abs(ratio) == pytest.approx(abs(lam), rel=1e-9)
    assert np.angle(ratio) == pytest.approx(np.angle(lam), abs=1e-9)


# --- Gause's data and fits ------------------------------------------------------------------------

def test_data_loads_with_missing_day_one():
    d = G.load()
    assert d.t[0] == 0 and d.mono.shape == d.mixed.shape == (26, 2)
    assert np.isnan(d.mono[1]).all() and d.mono[0].tolist() == [2.0, 2.0]
    assert d.n_observations == 100


TRUE = dict(g_aurelia=0.8, g_caudatum=0.6, K_aurelia=500.0, K_caudatum=200.0, a_ac=1.5,
            a_ca=0.4)


def test_bootstrap_intervals_cover_the_true_parameters():
    """Ten synthetic data sets x six parameters: 95 % intervals should cover the truth in about
    95 % of the 60 cases (a percentile bootstrap on 100 points runs a little narrow; we require
    80 %), and every estimate is within 30 %."""
    covered = 0
    for k in range(10):
        data = G.synthetic("leslie_gower", TRUE, sigma=0.05, seed=10 + k)
        f = G.fit(data, "leslie_gower", n_boot=100, seed=k)
        for name, true in TRUE.items():
            lo, hi = f.intervals[name]
            covered += lo <= true <= hi
            assert f.params[name] == pytest.approx(true, rel=0.3)
    assert covered >= 48


def test_lotka_volterra_fit_recovers_parameters():
    data = G.synthetic("lotka_volterra", TRUE, sigma=0.03, seed=1)
    f = G.fit(data, "lotka_volterra")
    for name, true in TRUE.items():
        assert f.params[name] == pytest.approx(true, rel=0.1)


def test_torch_and_scipy_find_the_same_optimum():
    pytest.importorskip("torch")
    data = G.load()
    a = G.fit(data, "leslie_gower", backend="scipy")
    b = G.fit(data, "leslie_gower", backend="torch")
    np.testing.assert_allclose(a.theta, b.theta, atol=1e-5)
    assert a.rss == pytest.approx(b.rss, rel=1e-8)


def test_gause_fit_and_model_comparison():
    data = G.load()
    lv = G.fit(data, "lotka_volterra")
    lg = G.fit(data, "leslie_gower")
    assert lv.n == lg.n == 100
    assert abs(lv.aic - lg.aic) < 10          # both describe the data about equally well
    no_competition = G.residuals("leslie_gower", np.r_[lg.theta[:4], np.log([1e-6, 1e-6])], data)
    assert no_competition @ no_competition > 3 * lg.rss   # competition is needed


def test_fit_bad_input():
    with pytest.raises(ValueError, match="model"):
        G.fit(model="logistic_map")
    with pytest.raises(ValueError, match="backend"):
        G.fit(backend="jax")
