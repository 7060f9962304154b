"""Leslie matrices, coupled Leslie models, and fitting Gause's data."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from coursekit.errors import InputError, SimulationError
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
    n = Ls.project(L, [10.0, 0.0, 0.0], 200).x
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


# --- the Perron root, primitive and imprimitive matrices ----------------------------------------

def test_semelparous_leslie_matrix_is_imprimitive_and_its_growth_factor_is_the_perron_root():
    """All reproduction in the last of four classes: lambda^4 = 8 * 0.5^3 = 1, so the
    eigenvalues are 1, -1, i, -i, all of modulus 1. The growth factor is the Perron root 1 (not
    -1, which the largest-modulus rule picked before), and the population cycles with period 4."""
    L = Ls.leslie_matrix([0, 0, 0, 8], [0.5, 0.5, 0.5])
    a = Ls.analyse(L)
    assert a.growth_factor == pytest.approx(1.0, abs=1e-12) and a.period == 4
    assert not a.primitive and "imprimitive with period 4" in a.message
    assert a.elasticity.sum() == pytest.approx(1.0) and np.all(a.elasticity >= -1e-15)
    np.testing.assert_allclose(a.stable_age, [8, 4, 2, 1] / np.float64(15), rtol=1e-12)
    assert Ls.growth_factor(L) == pytest.approx(1.0)
    n = Ls.project(L, [1.0, 0.0, 0.0, 0.0], 12).x
    assert np.allclose(n[4], n[0]) and np.allclose(n[8], n[0])   # it cycles, never settles
    assert Ls.analyse(Ls.leslie_matrix([0.0, 1.2, 1.0], [0.5, 0.8])).message == ""


@pytest.mark.parametrize("fertile, period", [((3, 5), 2), ((1, 2), 1)])
def test_mixed_fertile_ages_and_post_reproductive_classes(fertile, period):
    """Fertile ages 4 and 6 (indices 3, 5) give period gcd(4, 6) = 2; ages 2 and 3 give a
    primitive reproductive core. Two post-reproductive classes make the matrix reducible in
    both cases. The growth factor agrees with the spectral radius and with growth_factor();
    the stable structure is the cycle average of the growth-scaled projection; sensitivities
    match finite differences."""
    F = np.zeros(8)
    F[list(fertile)] = [1.5, 2.0]
    L = Ls.leslie_matrix(F, [0.8] * 7)
    a = Ls.analyse(L)
    lam = np.max(np.abs(np.linalg.eigvals(L)))
    assert a.growth_factor == pytest.approx(lam, rel=1e-12)
    assert Ls.growth_factor(L) == pytest.approx(lam, rel=1e-12)
    assert not a.primitive                        # reducible: the old classes do not reproduce
    assert (f"period {period}" in a.message) == (period > 1)
    n = Ls.project(L / lam, np.eye(8)[0], 400).x
    cycle = n[-period:].sum(axis=0)
    np.testing.assert_allclose(cycle / cycle.sum(), a.stable_age, rtol=1e-8)
    assert a.stable_age[-2:].min() > 0            # the post-reproductive classes are populated
    j = fertile[0]
    bumped = L.copy()
    bumped[0, j] += 1e-7
    assert a.sensitivity[0, j] == pytest.approx((Ls.growth_factor(bumped) - lam) / 1e-7,
                                                rel=1e-5)
    assert a.elasticity.sum() == pytest.approx(1.0, rel=1e-12)


def test_a_matrix_where_nothing_reproduces_is_refused_with_a_reason():
    with pytest.raises(InputError, match="spectral radius 0"):
        Ls.analyse(Ls.leslie_matrix([0.0, 0.0, 0.0], [0.5, 0.5]))


def _nonnegative_matrices():
    entries = st.one_of(st.just(0.0), st.floats(0.01, 3.0))
    return st.integers(2, 6).flatmap(lambda m: arrays(np.float64, (m, m), elements=entries))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(L=_nonnegative_matrices())
def test_perron_root_of_any_nonnegative_matrix(L):
    eig = np.linalg.eigvals(L)
    rho = np.max(np.abs(eig))
    assume(rho > 1e-6)
    a = Ls.analyse(L)
    assert isinstance(a.growth_factor, float) and a.growth_factor >= 0
    assert a.growth_factor == pytest.approx(rho, rel=1e-8)
    assert np.all(a.stable_age >= 0) and a.stable_age.sum() == pytest.approx(1.0)
    assert np.all(a.reproductive_value >= 0)
    scale = np.abs(L).max() + rho
    np.testing.assert_allclose(L @ a.stable_age, rho * a.stable_age, atol=1e-8 * scale)
    if a.irreducible:       # a simple Perron root: sensitivities exist, elasticities sum to 1
        assert a.elasticity.sum() == pytest.approx(1.0, rel=1e-8)
        assert a.period >= 1
        n_on_circle = np.sum(np.abs(eig) > rho * (1 - 1e-7))
        assert n_on_circle == a.period     # exactly `period` eigenvalues share the modulus


@settings(max_examples=60, deadline=None, derandomize=True)
@given(m=st.integers(2, 8), h=st.integers(1, 4), data=st.data())
def test_imprimitive_leslie_matrices_cycle_with_their_period(m, h, data):
    """Fecundity only at ages a with (a + 1) divisible by h, the last class included: the
    period is the gcd of those ages + 1, and the population cycles with that period."""
    assume(m % h == 0)
    ages = [a for a in range(m) if (a + 1) % h == 0]
    F = np.zeros(m)
    for a in ages:
        F[a] = data.draw(st.floats(0.2, 3.0))
    s = np.array([data.draw(st.floats(0.2, 1.0)) for _ in range(m - 1)])
    L = Ls.leslie_matrix(F, s)
    a = Ls.analyse(L)
    period = math.gcd(*[x + 1 for x in ages])
    assert a.period == period and a.primitive == (period == 1)
    lam = np.max(np.abs(np.linalg.eigvals(L)))
    assert a.growth_factor == pytest.approx(lam, rel=1e-9)
    assert a.elasticity.sum() == pytest.approx(1.0, rel=1e-9)
    # run until the modes off the spectral circle have decayed below 1e-10
    moduli = np.sort(np.abs(np.linalg.eigvals(L)))[::-1] / lam
    inside = moduli[moduli < 1 - 1e-9]
    steps = period * int(np.ceil(np.log(1e-10) / np.log(inside[0]) / period)) if inside.size \
        else 4 * period
    n = Ls.project(L / lam, np.eye(m)[0], steps + 2 * period).x
    totals = n.sum(axis=1)
    assert totals[-1] / totals[-1 - period] == pytest.approx(1.0, rel=1e-6)   # lambda^h per cycle
    structure = n / totals[:, None]
    np.testing.assert_allclose(structure[-1], structure[-1 - period], atol=1e-7)
    settles = np.allclose(structure[-1], structure[-2], atol=1e-7)
    assert settles == (period == 1)            # the age structure cycles iff the period is > 1
    if period == 1:
        np.testing.assert_allclose(structure[-1], a.stable_age, atol=1e-7)


def test_growth_factor_prefers_the_real_positive_root_among_ties():
    M = np.diag([1.2, -1.2, 0.5])
    assert Ls.growth_factor(M) == 1.2
    with pytest.raises(InputError, match="no single mode dominates"):
        Ls.dominant_species(M, 1)
    rot = np.array([[0.0, -1.0], [1.0, 0.0]]) * 1.5                 # eigenvalues +-1.5 i
    assert Ls.growth_factor(rot) == pytest.approx(1.5j)


@pytest.mark.parametrize("call, match", [
    (lambda: Ls.leslie_matrix([-1.0, 1.0], [0.5]), "fecundity"),
    (lambda: Ls.leslie_matrix([1.0, 1.0], [1.2]), "survival"),
    (lambda: Ls.leslie_matrix([1.0, 1.0, 1.0], [0.5]), "one fewer than fecundity"),
    (lambda: Ls.leslie_matrix([1.0, np.nan], [0.5]), "NaN"),
    (lambda: Ls.coupled(np.eye(2), np.eye(3), np.zeros((2, 2)), np.zeros((3, 2))), "blocks"),
    (lambda: Ls.project(np.eye(2), [1.0, 2.0, 3.0], 3), "shape"),
    (lambda: Ls.analyse(np.ones((2, 3))), "square"),
    (lambda: Ls.analyse([[1.0, -0.1], [0.5, 0.0]]), "non-negative"),
    (lambda: Ls.project(np.eye(2), [1.0, 2.0], -1), "n_steps"),
    (lambda: Ls.dominant_species(np.eye(3), 3), "m must"),
    (lambda: Ls.euler_lotka([1.0], [], 0.0), "growth_factor"),
])
def test_bad_input(call, match):
    with pytest.raises(InputError, match=match):
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
    z = Ls.project(M, np.ones(5), 400).x
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
    z = Ls.project(M, np.ones(5), 300).x
    assert winner == "x"
    assert np.abs(z[-1, :3]).sum() / np.abs(z[-1]).sum() == pytest.approx(share, rel=1e-6)
    # swapping the blocks swaps the winner; the loser's block turns negative
    M2 = Ls.coupled(LY, LX, -C.T, -C)
    winner2, share2 = Ls.dominant_species(M2, 2)
    z2 = Ls.project(M2, np.ones(5), 300).x
    assert winner2 == "y" and z2[-1, :2].max() < 0
    assert np.abs(z2[-1, :2]).sum() / np.abs(z2[-1]).sum() == pytest.approx(share2, rel=1e-6)


@pytest.mark.parametrize("eps", [0.01, 0.05, 0.3])
def test_linear_competition_has_the_spectrum_of_mutualism_and_the_loser_keeps_order_eps(eps):
    """D M D = |M| with D = diag(I, -I): competition raises the growth factor of the linear
    model above both blocks', and the loser's share of the absolute total is O(eps), not 0."""
    C = eps * np.ones((3, 2))
    M = Ls.coupled(LX, LY, -C, -C.T)
    D = np.diag([1.0, 1.0, 1.0, -1.0, -1.0])
    np.testing.assert_array_equal(D @ M @ D, np.abs(M))
    lam_x = Ls.analyse(LX).growth_factor
    assert Ls.growth_factor(M) == pytest.approx(Ls.analyse(np.abs(M)).growth_factor, rel=1e-12)
    assert Ls.growth_factor(M) > lam_x
    loser = 1 - Ls.dominant_species(M, 3).share
    gap = lam_x - Ls.analyse(LY).growth_factor
    assert 0 < loser < 3 * eps / gap              # first order: |w_y| ~ |C w_x| / gap
    if eps <= 0.05:
        assert loser > eps / gap                  # and not smaller: the loser does not vanish


@pytest.mark.parametrize("swap", [False, True])
def test_positive_projection_drives_the_loser_extinct_and_the_winner_grows_by_its_own_factor(swap):
    C = 0.05 * np.ones((3, 2))
    M, m = (Ls.coupled(LY, LX, -C.T, -C), 2) if swap else (Ls.coupled(LX, LY, -C, -C.T), 3)
    winner = Ls.dominant_species(M, m).species
    traj = Ls.project(M, np.ones(5), 60, positive=True)
    z = traj.x
    assert z.min() >= 0 and traj.stats["n_clipped"] > 0
    share = z[:, :m].sum(axis=1) / z.sum(axis=1)
    assert np.all((share >= 0) & (share <= 1))
    loser = slice(m, None) if winner == "x" else slice(0, m)
    gone = int(np.argmax(z[:, loser].sum(axis=1) == 0))
    assert 0 < gone < 10 and np.all(z[gone:, loser] == 0)
    assert share[-1] == (1.0 if winner == "x" else 0.0)
    assert z[-1].sum() / z[-2].sum() == pytest.approx(Ls.analyse(LX).growth_factor, rel=1e-9)
    # until the first clipping the two projections agree
    lin = Ls.project(M, np.ones(5), 60).x
    first = int(np.argmax((lin < 0).any(axis=1)))
    np.testing.assert_array_equal(z[:first], lin[:first])


def test_positive_projection_refuses_complex_input():
    with pytest.raises(InputError, match="no sign to clip"):
        Ls.project(np.array([[1j]]), [1.0], 1, positive=True)
    with pytest.raises(InputError, match="non-negative"):
        Ls.project(np.eye(2), [-1.0, 1.0], 1, positive=True)


def test_block_bootstrap_cuts_the_last_block_and_works_with_an_uncounted_culture():
    rng = np.random.default_rng(1)
    res, series = np.arange(23.0), np.repeat([0, 1], [11, 12])
    draw = G._resample(res, series, 5, rng)
    assert draw.size == 23 and set(draw) <= set(res)
    d = G.load()
    mono = d.mono.copy()
    mono[1:, 1] = np.nan                       # caudatum alone never counted after day 0
    data = G.GauseData(d.t, mono, d.mixed)
    assert G.fit(data, "leslie_gower").stats["block"] == 1
    f = G.fit(data, "leslie_gower", n_boot=20, seed=1, block=5)
    assert f.stats["n_boot"] == 20
    with pytest.raises(InputError, match="shortest culture"):
        G.fit(data, "leslie_gower", n_boot=5, block=25)


def test_dominant_species_of_a_complex_model_has_a_limit():
    """A complex matrix with one dominant (complex) eigenvalue: the modulus shares converge."""
    Mc = np.array([[1.05 * np.exp(0.4j), 0.1], [0.05, 0.9]])
    winner, share = Ls.dominant_species(Mc, 1)
    z = Ls.project(Mc, np.array([1.0 + 0j, 1.0]), 400).x
    assert winner == "x"
    assert np.abs(z[-1, 0]) / np.abs(z[-1]).sum() == pytest.approx(share, rel=1e-9)


def test_complex_variant_grows_and_rotates_with_the_dominant_eigenvalue():
    M = np.array([[1.2 * np.exp(0.3j), 0.1], [0.05, 0.9]])
    lam = Ls.growth_factor(M)
    assert isinstance(lam, complex)
    z = Ls.project(M, np.array([1.0 + 0j, 1.0]), 200).x
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


@pytest.mark.slow
def test_bootstrap_intervals_cover_the_true_parameters_and_have_the_right_width():
    """Ten synthetic data sets x six parameters: 95 % intervals should cover the truth in about
    95 % of the 60 cases (a percentile bootstrap on 100 noisy points runs a little narrow; we
    require 80 %), every estimate is within 30 %, and the intervals are as wide as the
    linearised least-squares theory says: width / (2 * 1.96 * SE) between 0.8 and 1.25 in the
    median, with SE = exp(theta) * sqrt(diag(s^2 (J^T J)^-1)) from the Jacobian of the
    residuals and s^2 = RSS / (n - p) over the 100 residuals that carry noise (day 0 is the
    known inoculum). Measured: median 0.95, range 0.75-1.14, 52 of 60 covered. Without the
    sqrt(n / (n - p)) inflation and with the four structural zeros resampled the median drops
    to 0.89; an interval (0, inf) fails the width check."""
    covered, ratios = 0, []
    for k in range(10):
        data = G.synthetic("leslie_gower", TRUE, sigma=0.05, seed=10 + k)
        f = G.fit(data, "leslie_gower", n_boot=100, seed=k)
        r0 = G.residuals("leslie_gower", f.theta, data)
        J = np.column_stack([(G.residuals("leslie_gower", f.theta + 1e-6 * e, data) - r0) / 1e-6
                             for e in np.eye(6)])
        s2 = r0 @ r0 / (r0.size - 4 - 6)
        se = np.exp(f.theta) * np.sqrt(np.diag(s2 * np.linalg.inv(J.T @ J)))
        for i, (name, true) in enumerate(TRUE.items()):
            lo, hi = f.intervals[name]
            covered += lo <= true <= hi
            ratios.append((hi - lo) / (2 * 1.96 * se[i]))
            assert f.params[name] == pytest.approx(true, rel=0.3)
    assert covered >= 48
    assert 0.8 < np.median(ratios) < 1.25 and 0.5 < min(ratios) and max(ratios) < 1.6


def test_block_bootstrap_keeps_runs_of_one_series_and_the_correlation_of_the_residuals():
    """Moving blocks: every output series is made of runs of consecutive residuals of one
    input series. For AR(1) residuals (phi = 0.8) the block bootstrap's variance of a series
    mean is near the long-run variance (1 + phi) / (1 - phi) = 9 times the i.i.d. one; the
    i.i.d. resampling gives 1."""
    rng = np.random.default_rng(0)
    n, phi = 400, 0.8
    e = rng.standard_normal((2, n))
    res = e.copy()
    for t in range(1, n):
        res[:, t] += phi * res[:, t - 1]
    res = (res - res.mean()).ravel()
    series = np.repeat([0, 1], n)
    pos = {v: i for i, v in enumerate(res)}
    draw = G._resample(res, series, 5, rng)
    idx = np.array([pos[v] for v in draw])
    for k in range(0, 2 * n, 5):         # each block of 5 is consecutive within one series
        run = idx[k:k + 5]
        assert np.all(np.diff(run) == 1) and series[run[0]] == series[run[-1]]
    means = {b: np.var([G._resample(res, series, b, rng)[:n].mean() for _ in range(400)])
             for b in (1, 20)}
    ratio = means[20] / means[1]
    assert 4 < ratio < 12, ratio


def test_block_bootstrap_widens_the_intervals_of_gauses_fit():
    """Gause's residuals are correlated from day to day; blocks of 5 days widen the
    intervals of the capacities (measured: by 1.4 times or more)."""
    f1 = G.fit(model="leslie_gower", n_boot=100, seed=1)
    f5 = G.fit(model="leslie_gower", n_boot=100, seed=1, block=5)
    assert f5.stats["block"] == 5 and f1.stats["block"] == 1
    for k in ("K_aurelia", "K_caudatum"):
        assert np.diff(f5.intervals[k])[0] > 1.2 * np.diff(f1.intervals[k])[0]
    with pytest.raises(InputError, match="block"):
        G.fit(model="leslie_gower", n_boot=10, block=25)


def test_bootstrap_leaves_the_known_inoculum_alone(monkeypatch):
    """Day 0 residuals are zero by construction: the bootstrap data sets keep day 0 as it is
    and resample only the (centred, inflated) residuals of the other days."""
    data = G.synthetic("leslie_gower", TRUE, sigma=0.05, seed=2)
    f = G.fit(data, "leslie_gower")
    r = G.residuals("leslie_gower", f.theta, data).reshape(4, -1)    # all 26 days observed
    assert np.abs(r[:, 0]).max() == 0.0 and np.abs(r[:, 1:]).min() > 0.0
    seen, fit_scipy = [], G._fit_scipy

    def spy(model, data, theta0, logs=None, **kw):
        if logs is not None:
            seen.append(logs.reshape(4, -1))
        return fit_scipy(model, data, theta0, logs, **kw)

    monkeypatch.setattr(G, "_fit_scipy", spy)
    G.fit(data, "leslie_gower", n_boot=3, seed=0)
    base = np.log1p(np.column_stack([data.mono, data.mixed]).T) + r   # the fitted model's logs
    noise = [logs - base for logs in seen]
    assert len(noise) == 3 and all(np.abs(e[:, 0]).max() < 1e-12 for e in noise)
    drawn = np.concatenate([e[:, 1:].ravel() for e in noise])
    pool = (r[:, 1:] - r[:, 1:].mean()).ravel() * np.sqrt(100 / (100 - 6))
    assert np.abs(drawn[:, None] - pool[None, :]).min(axis=1).max() < 1e-12


def test_bootstrap_drops_a_few_failed_refits_and_refuses_many(monkeypatch):
    data = G.synthetic("leslie_gower", TRUE, sigma=0.05, seed=2)
    fit_scipy, calls = G._fit_scipy, []

    def flaky(every):
        def refit(model, data, theta0, logs=None, **kw):
            if logs is not None:
                calls.append(1)
                if len(calls) % every == 0:
                    raise SimulationError("did not converge", cause="no convergence")
            return fit_scipy(model, data, theta0, logs, **kw)
        return refit

    monkeypatch.setattr(G, "_fit_scipy", flaky(40))           # 1 of 40 fails: dropped
    f = G.fit(data, "leslie_gower", n_boot=40, seed=0)
    assert f.stats["n_failed"] == 1 and f.draws.shape == (39, 6)
    monkeypatch.setattr(G, "_fit_scipy", flaky(5))            # 1 of 5: too many
    with pytest.raises(SimulationError, match="8 of 40 bootstrap refits") as err:
        G.fit(data, "leslie_gower", n_boot=40, seed=0)
    assert err.value.cause == "no convergence"


def test_model_blow_up_and_non_convergence_are_simulation_errors():
    wild = np.log([1000.0, 0.6, 500.0, 200.0, 1.5, 0.4])       # exp(g) overflows
    with pytest.raises(SimulationError, match="non-finite") as err:
        G.trajectories("leslie_gower", wild, 30)
    assert err.value.cause == "non-finite" and err.value.t >= 1
    with pytest.raises(SimulationError, match="non-finite"):
        G.residuals("leslie_gower", wild, G.load())
    with pytest.raises(SimulationError, match="did not converge") as err:
        G._fit_scipy("leslie_gower", G.load(), G.THETA0, max_nfev=3)
    assert err.value.cause == "no convergence"


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


def test_trajectories_and_predictions_are_labelled_data():
    f = G.fit(model="leslie_gower")
    pred = f.predict(26)
    direct = G.trajectories("leslie_gower", f.theta, 26)
    np.testing.assert_array_equal(pred.mixed, direct.mixed)
    assert pred.mono.shape == (26, 2) and not np.isnan(pred.mono).any()


def test_fit_bad_input():
    with pytest.raises(InputError, match="model"):
        G.fit(model="logistic_map")
    with pytest.raises(InputError, match="backend"):
        G.fit(backend="jax")
    with pytest.raises(InputError, match="theta"):
        G.trajectories("leslie_gower", [0.0, 1.0], 10)
    with pytest.raises(InputError, match="missing"):
        G.synthetic("leslie_gower", {"g_aurelia": 1.0})


def test_damping_ratio_sets_the_rate_of_convergence_to_the_stable_age_distribution():
    """Bernardelli's beetle (L^3 = I) never settles (damping ratio 1); with fecundity 0.3 in
    the middle class the age structure converges like (|lambda_2| / lambda)^t."""
    bern = Ls.analyse(Ls.leslie_matrix([0.0, 0.0, 6.0], [0.5, 1 / 3]))
    assert bern.period == 3 and bern.damping_ratio == 1.0
    L = Ls.leslie_matrix([0.0, 0.3, 6.0], [0.5, 1 / 3])
    a = Ls.analyse(L)
    moduli = np.sort(np.abs(np.linalg.eigvals(L)))
    assert a.damping_ratio == pytest.approx(moduli[-1] / moduli[-2], rel=1e-12)
    z = Ls.project(L, [1.0, 0.0, 0.0], 80).x
    dist = np.abs(z / z.sum(axis=1)[:, None] - a.stable_age).sum(axis=1)
    rate = -np.polyfit(np.arange(20, 81), np.log(dist[20:]), 1)[0]
    assert rate == pytest.approx(np.log(a.damping_ratio), rel=0.02)
    assert Ls.analyse([[2.0]]).damping_ratio == np.inf
