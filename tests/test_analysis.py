"""The analysis toolkit against exact values, published values and the peer package ordpy."""

import math

import numpy as np
import ordpy
import pytest

from coursekit import analysis as A
from coursekit.errors import InputError, SimulationError
from coursekit.systems import (
    competitive_lotka_volterra,
    duffing,
    henon,
    logistic,
    lorenz,
    lotka_volterra,
    rossler,
)

# --- ordinal patterns -----------------------------------------------------------------------

def test_white_noise_has_maximal_entropy_and_zero_complexity(white_noise):
    for order in (3, 4, 5):
        h, c = A.complexity_entropy(white_noise, order)
        N = math.factorial(order)
        # the plug-in estimate is biased low by about (N - 1) / (2 n ln N)
        assert 1 - h < 3 * (N - 1) / (2 * white_noise.size * math.log(N))
        assert c < 1e-3


def test_monotone_series_have_zero_entropy():
    assert A.permutation_entropy(np.arange(1000.0), order=5) == 0.0
    assert A.permutation_entropy(-np.exp(np.linspace(0, 3, 1000)), order=4, delay=3) == 0.0
    assert A.complexity_entropy(np.arange(1000.0), order=4) == (0.0, 0.0)


@pytest.mark.parametrize("order, delay", [(2, 1), (3, 1), (4, 2), (5, 1), (6, 3)])
def test_same_numbers_as_ordpy(order, delay):
    rng = np.random.default_rng(10 * order + delay)
    x = rng.normal(size=20_000).cumsum()          # a random walk: H and C away from the ends
    ties = np.round(rng.normal(size=5_000), 1)     # many ties: the tie rule must agree too
    for data in (x, ties):
        h, c = A.complexity_entropy(data, order, delay)
        h_ref, c_ref = ordpy.complexity_entropy(data, dx=order, taux=delay)
        assert abs(h - h_ref) < 1e-12 and abs(c - c_ref) < 1e-12
        assert abs(A.permutation_entropy(data, order, delay, normalized=False)
                   - ordpy.permutation_entropy(data, dx=order, taux=delay, normalized=False)) < 1e-12


def test_complexity_entropy_curves_endpoints_and_maximum(logistic_series):
    lower, upper = A.complexity_entropy_curves(3)
    for curve in (lower, upper):
        np.testing.assert_allclose(curve[0], [0, 0], atol=1e-12)
        np.testing.assert_allclose(curve[-1], [1, 0], atol=1e-12)
    # published maximum of C for order 3 (ordpy's maximum_complexity_entropy gives the same)
    c_max_ref = ordpy.maximum_complexity_entropy(3, m=200)[:, 1].max()
    assert abs(upper[:, 1].max() - c_max_ref) < 1e-4
    grid = np.linspace(0.2, 0.95, 16)
    assert np.all(np.interp(grid, *lower.T) < np.interp(grid, *upper.T))
    # every measured point lies between the curves
    h, c = A.complexity_entropy(logistic_series, 3)
    assert np.interp(h, lower[:, 0], lower[:, 1]) - 1e-9 <= c
    assert c <= np.interp(h, upper[:, 0], upper[:, 1]) + 1e-9


def test_logistic_map_sits_high_in_the_plane(logistic_series):
    x = logistic_series
    h, c = A.complexity_entropy(x, 5)
    # chaos: intermediate entropy and far more structure than noise (forbidden patterns)
    assert 0.5 < h < 0.8 and c > 0.35
    assert np.count_nonzero(A.ordinal_distribution(x, 5)) < 120


@pytest.mark.parametrize("bad", [dict(order=1), dict(order=2.5), dict(delay=0), dict(delay=-2)])
def test_bad_ordinal_arguments(bad, white_noise):
    with pytest.raises(InputError):
        A.permutation_entropy(white_noise[:100], **({"order": 3, "delay": 1} | bad))


def test_bad_series_raise_and_short_series_warn(white_noise):
    with pytest.raises(InputError, match="NaN"):
        A.permutation_entropy([1.0, np.nan, 2.0, 3.0])
    with pytest.raises(InputError, match="fewer than one window"):
        A.permutation_entropy([1.0, 2.0], order=3)
    with pytest.raises(InputError, match="1-D"):
        A.permutation_entropy(np.ones((5, 5)))
    with pytest.warns(UserWarning, match="biased"):
        A.permutation_entropy(white_noise[:50], order=5)


def test_sampling_guidance_on_a_sine(white_noise):
    t = np.linspace(0, 100, 10_001)
    x = np.sin(2 * np.pi * t / 10.0)
    assert abs(A.natural_timescale(t, x) - 10.0) < 0.2
    assert A.pattern_timescale(delay=5, dt=0.01, order=5) == pytest.approx(0.2)
    scan = A.sampling_scan(t, x, order=5)
    assert abs(scan.t_pat[np.searchsorted(scan.delays, scan.suggested_delay)] - 5.0) < 1.0
    noise_scan = A.sampling_scan(t, white_noise[: t.size], order=4, delays=[1, 5, 25])
    assert np.all(noise_scan.H > 0.99)


# --- entropies of samples -----------------------------------------------------------------------

@pytest.mark.parametrize("kind, q", [("shannon", 1), ("renyi", 2.0), ("renyi", 0.5),
                                     ("tsallis", 2.0), ("tsallis", 1.5)])
@pytest.mark.parametrize("method", ["histogram", "kde"])
def test_gaussian_entropies(kind, q, method, rng):
    x = rng.normal(0.0, 1.7, 100_000 if method == "histogram" else 20_000)
    est = A.entropy(x, kind=kind, q=q, method=method)
    assert est == pytest.approx(A.gaussian_entropy(1.7, kind, q), abs=0.02)


def test_entropy_bad_input(white_noise):
    with pytest.raises(InputError, match="q must"):
        A.entropy(white_noise, kind="renyi", q=1.0)
    with pytest.raises(InputError, match="kind"):
        A.entropy(white_noise, kind="boltzmann")
    with pytest.raises(InputError, match="NaN"):
        A.entropy([1.0, np.nan])
    spike = np.r_[np.zeros(10_000), 1e-12 * np.arange(10_000), [1.0]]   # a peak and one outlier
    for rule in ("fd", "auto"):
        with pytest.raises(InputError, match="Freedman-Diaconis rule asks for"):
            A.entropy(spike, bins=rule)
    assert np.isfinite(A.entropy(spike, bins=64))


# --- groups: autocorrelation time and rank tests -----------------------------------------------

def _ar1(a, n, rng, size=None):
    """AR(1) series x_{n+1} = a x_n + xi_n started in its stationary law (tau = (1+a)/(1-a))."""
    from scipy.signal import lfilter

    xi = rng.normal(size=(size, n) if size else n)
    x0 = rng.normal(scale=1.0 / np.sqrt(1 - a * a), size=size)
    out = lfilter([1.0], [1.0, -a], xi, axis=-1)
    return out + np.multiply.outer(x0, a ** np.arange(1, n + 1)) if size else \
        out + x0 * a ** np.arange(1, n + 1)


@pytest.mark.parametrize("a, rel", [(0.0, 0.02), (0.5, 0.03), (0.8, 0.04)])   # ~3 sigma
def test_autocorrelation_time_of_ar1_is_one_plus_a_over_one_minus_a(a, rel, rng):
    tau = A.autocorrelation_time(_ar1(a, 1_000_000, rng))
    assert tau == pytest.approx((1 + a) / (1 - a), rel=rel)


def test_autocorrelation_time_of_constant_and_alternating_series():
    assert A.autocorrelation_time(np.full(100, 3.0)) == 1.0
    assert A.autocorrelation_time(3.0 + 1e-15 * np.arange(100)) == 1.0     # rounding only
    assert A.autocorrelation_time((-1.0) ** np.arange(1000)) == 1.0        # correlations < 0


def test_thinning_keeps_the_false_alarm_rate_near_its_level(rng):
    """Two groups from the same correlated process (tau = 19): the naive rank test rejects far
    more often than 5 % of the time; on samples two autocorrelation times apart it does not
    (1000 trials: the binomial error of a 5 % rate is 0.7 %; a stride of tau gives ~9 %)."""
    x, y = _ar1(0.9, 10_000, rng, size=1000), _ar1(0.9, 10_000, rng, size=1000)
    thinned = [A.compare_groups({"x": a, "y": b}) for a, b in zip(x, y, strict=True)]
    assert all(r.stride["x"] == np.ceil(2 * A.autocorrelation_time(a))
               for r, a in zip(thinned[:20], x, strict=False))
    rate = np.mean([r.p_value < 0.05 for r in thinned])
    naive = np.mean([A.compare_groups({"x": a, "y": b}, thin=False).p_value < 0.05
                     for a, b in zip(x[:200], y[:200], strict=True)])
    assert rate <= 0.07 and naive >= 0.40


def test_compare_groups_against_scipy_and_holm(rng):
    from scipy import stats

    from coursekit.analysis.groups import _holm

    np.testing.assert_allclose(_holm(np.array([0.01, 0.04, 0.03, 0.5])),
                               [0.04, 0.09, 0.09, 0.5])          # Holm (1979), by hand
    g = {"a": rng.normal(size=50), "b": rng.normal(0.3, size=60), "c": rng.normal(1.0, size=40)}
    r = A.compare_groups(g, thin=False)
    assert r.statistic == pytest.approx(stats.kruskal(*g.values()).statistic, rel=1e-12)
    raw = [stats.mannwhitneyu(g[a], g[b]).pvalue for a, b in [("a", "b"), ("a", "c"), ("b", "c")]]
    np.testing.assert_allclose(list(r.pairwise.values()), _holm(np.array(raw)), rtol=1e-12)
    assert r.pair("c", "a") == r.pairwise[("a", "c")]
    assert dict(r.n) == {"a": 50, "b": 60, "c": 40} and set(r.stride.values()) == {1}
    with pytest.raises(InputError, match="two of the groups"):
        r.pair("a", "z")


def test_compare_groups_refuses_bad_input(rng):
    with pytest.raises(InputError, match="at least two groups"):
        A.compare_groups({"a": rng.normal(size=10)})
    with pytest.raises(InputError, match="mapping"):
        A.compare_groups([rng.normal(size=10)] * 2)
    with pytest.raises(InputError, match="NaN"):
        A.compare_groups({"a": [1.0, 2.0, np.nan, 3.0], "b": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(InputError, match="50 autocorrelation times"):   # tau = 199, n = 500
        A.compare_groups({"a": _ar1(0.99, 500, rng), "b": rng.normal(size=5000)})
    with pytest.raises(InputError, match="constant series"):
        A.compare_groups({"a": np.ones(500), "b": rng.normal(size=500)})
    with pytest.raises(InputError, match="not all values equal"):
        A.compare_groups({"a": np.ones(5), "b": np.ones(5)}, thin=False)


# --- recurrence ---------------------------------------------------------------------------------

def _rqa_by_hand(x, eps, theiler, lmin, vmin):
    """Recurrences and line counts from the definitions, independently of coursekit: Euclidean
    distances with scipy.spatial, pairs within the Theiler window removed."""
    from scipy.spatial.distance import cdist

    R = cdist(x, x) <= eps
    n = R.shape[0]
    R[np.abs(np.subtract.outer(np.arange(n), np.arange(n))) <= theiler] = False
    assert np.array_equal(R, A.recurrence_matrix(x, eps, theiler))
    diag = []
    for k in range(1, n):
        run = 0
        for v in list(np.diagonal(R, k)) + [False]:
            if v:
                run += 1
            elif run:
                diag.append(run)
                run = 0
    vert = []
    for col in R.T:
        run = 0
        for v in list(col) + [False]:
            if v:
                run += 1
            elif run:
                vert.append(run)
                run = 0
    diag, vert = np.array(diag), np.array(vert)
    det = diag[diag >= lmin].sum() / (R.sum() / 2)
    lam = vert[vert >= vmin].sum() / R.sum()
    return R.sum(), det, lam, diag.max()


def test_rqa_matches_a_direct_count(rng):
    x = rng.normal(size=(300, 2)).cumsum(axis=0) * 0.1
    q = A.recurrence_quantification(x, eps=0.3, theiler=2, l_min=2, v_min=2)
    n_rec, det, lam, lmax = _rqa_by_hand(x, 0.3, 2, 2, 2)
    n = 300
    assert q.rr == pytest.approx(n_rec / (n * n - n - 2 * (n - 1 + n - 2)))
    assert q.det == pytest.approx(det) and q.lam == pytest.approx(lam) and q.L_max == lmax


def test_rqa_separates_periodic_from_noise(rng):
    t = np.linspace(0, 40 * np.pi, 3000)
    periodic = A.recurrence_quantification(np.column_stack([np.sin(t), np.cos(t)]), eps=0.1)
    noise = A.recurrence_quantification(rng.normal(size=(3000, 2)), eps=0.3)
    assert periodic.det > 0.99 and noise.det < 0.3


def test_sparse_and_dense_recurrence_matrices_agree(rng):
    x = rng.normal(size=(500, 3))
    dense = A.recurrence_matrix(x, 0.8, theiler=1, sparse=False)
    sparse = A.recurrence_matrix(x, 0.8, theiler=1, sparse=True)
    assert np.array_equal(dense, sparse.toarray())


# --- embeddings -------------------------------------------------------------------------------------

def test_embedding_of_lorenz(lorenz_x):
    s = lorenz_x
    tau = A.first_minimum_delay(s, max_lag=60)
    assert 8 <= tau <= 25               # about 0.1-0.2 time units, as usually reported
    fnn = A.false_nearest_neighbours(s, tau, max_dim=5)
    assert fnn[0] > 0.3 and fnn[2] < 0.02   # one dimension is not enough, three are
    assert A.embedding_dimension(s, tau) <= 4


def test_delay_embed_shapes_and_errors():
    e = A.delay_embed(np.arange(10.0), 3, 2)
    assert e.shape == (6, 3) and np.array_equal(e[0], [0, 2, 4])
    with pytest.raises(InputError, match="too short"):
        A.delay_embed(np.arange(3.0), 3, 2)
    with pytest.raises(InputError):
        A.delay_embed(np.arange(10.0), 0, 1)


# --- Lyapunov exponents --------------------------------------------------------------------------

def test_lorenz_spectrum_sum_and_maximal_exponent():
    spec = A.lyapunov_spectrum(lorenz(), t_end=1000.0, dt=0.01, transient=50.0)
    lam = spec.exponents
    # sum = trace of the Jacobian, up to RK4's error in the determinant of the tangent flow:
    # measured 1.0e-4 at dt = 0.01 and 6e-6 at dt = 0.005, fourth order
    trace = -(10 + 1 + 8 / 3)
    assert lam.sum() == pytest.approx(trace, abs=3e-4)
    half = A.lyapunov_spectrum(lorenz(), t_end=1000.0, dt=0.005, transient=50.0).exponents
    assert 8 < abs(lam.sum() - trace) / abs(half.sum() - trace) < 32
    assert lam[0] == pytest.approx(0.9056, abs=0.03)                  # literature (Sprott)
    assert abs(lam[1]) < 0.02
    assert 2.04 < spec.kaplan_yorke < 2.08                            # D_KY = 2.06


def test_maps_logistic_ln2_and_henon():
    assert A.lyapunov_spectrum(logistic(4.0), n_steps=200_000).exponents[0] == pytest.approx(
        math.log(2), abs=2e-3)
    h = A.lyapunov_spectrum(henon(), n_steps=200_000).exponents
    assert h[0] == pytest.approx(0.4192, abs=5e-3)
    assert h.sum() == pytest.approx(math.log(0.3), abs=1e-9)          # |det J| = b everywhere


def test_a_collapsing_tangent_vector_is_reported_as_singular():
    """The logistic map at x = 1/2 has derivative 0: the tangent vector collapses at once
    (the exponent of that orbit is -inf), which is an error with cause "singular"."""
    with pytest.raises(SimulationError, match="collapsed") as err:
        A.lyapunov_spectrum(logistic(4.0), n_steps=10, x0=[0.5], transient=0)
    assert err.value.cause == "singular" and err.value.t == 0.0


def test_population_spectra_are_known_exactly():
    """Lotka–Volterra orbits are closed: both exponents vanish (the trace of the Jacobian
    averages to zero over a cycle). Competitive LV converging to a stable node: the exponents
    are the eigenvalues of the Jacobian there."""
    lv = A.lyapunov_spectrum(lotka_volterra(), t_end=2000.0, dt=0.01).exponents
    np.testing.assert_allclose(lv, 0.0, atol=5e-3)
    clv = competitive_lotka_volterra(1.0, 0.7, 2.0, 1.5, 0.4, 0.6)
    star = [(2.0 - 0.4 * 1.5) / 0.76, (1.5 - 0.6 * 2.0) / 0.76]
    eig = np.sort(np.linalg.eigvals(clv.jacobian(star)).real)[::-1]
    got = A.lyapunov_spectrum(clv, t_end=500.0, dt=0.01, transient=0.0,
                              x0=[0.5, 0.5]).exponents
    np.testing.assert_allclose(got, eig, atol=0.02)


def test_rossler_and_duffing_are_chaotic():
    assert A.lyapunov_spectrum(rossler(), 2000.0, k=1).exponents[0] == pytest.approx(0.071, abs=0.01)
    assert A.lyapunov_spectrum(duffing(), 2000.0, k=1).exponents[0] > 0.05


def test_lyapunov_from_a_series_of_lorenz():
    from coursekit.systems import simulate

    s = simulate(lorenz(), t_end=250.0, dt=0.01, transient=20.0).x[:, 0]
    # past the initial alignment transient, the divergence grows at the largest exponent
    curve = A.lyapunov_from_series(s, dt=0.01, dim=3, delay=10, max_steps=200, fit=(60, 180))
    assert curve.exponent == pytest.approx(0.9056, abs=0.15)


def test_kaplan_yorke_cases():
    assert A.kaplan_yorke([-1.0, -2.0]) == 0.0
    assert A.kaplan_yorke([0.5, 0.1]) == 2.0
    assert A.kaplan_yorke([1.0, -2.0]) == pytest.approx(1.5)
    with pytest.raises(InputError):
        A.kaplan_yorke([np.nan, 1.0])


def test_lyapunov_spectra_stop_on_a_blow_up_with_its_time():
    """Finite checks in every kernel: no NaN exponents are returned."""
    with pytest.raises(SimulationError, match="stopped being finite") as info:
        A.lyapunov_spectrum(lorenz(), t_end=50.0, dt=0.5, transient=0.0)
    assert 0 < info.value.t <= 50.0
    with pytest.raises(SimulationError, match="iteration") as info:
        A.lyapunov_spectrum(henon(), n_steps=1000, x0=[2.0, 2.0], transient=0)
    assert info.value.t < 1000
    with pytest.raises(InputError, match="n_steps"):
        A.lyapunov_spectrum(henon())
    with pytest.raises(InputError, match="n_steps"):
        A.lyapunov_spectrum(lorenz(), n_steps=10)
    with pytest.raises(InputError, match="k must"):
        A.lyapunov_spectrum(lorenz(), k=4)


# --- scaling ----------------------------------------------------------------------------------------

def test_power_law_fit_recovers_the_exponent_with_an_honest_interval():
    """Coverage near 95 % AND a width close to the exact one: an interval as wide as the real
    line would cover the truth every time, so the width is pinned to 2 * 1.96 * SE, with the
    standard error of the least-squares slope known exactly for noise 0.1 on ln y."""
    x = np.geomspace(1, 1e3, 40)
    lx = np.log(x)
    se = 0.1 / np.sqrt(np.sum((lx - lx.mean()) ** 2))
    hits, widths = 0, []
    for k in range(60):
        rng = np.random.default_rng(k)
        y = 2.0 * x**-0.75 * np.exp(0.1 * rng.normal(size=x.size))
        fit = A.power_law_fit(x, y, n_boot=400, seed=k)
        hits += fit.interval[0] <= -0.75 <= fit.interval[1]
        widths.append(fit.interval[1] - fit.interval[0])
    assert 0.85 <= hits / 60 <= 1.0     # a 95 % interval covers the truth about 95 % of the time
    assert 0.75 < np.mean(widths) / (2 * 1.96 * se) < 1.2
    fit = A.power_law_fit(x, 2.0 * x**-0.75, xmin=10, xmax=100, seed=0)
    assert fit.exponent == pytest.approx(-0.75) and fit.n_points < 40


def test_power_law_fit_bad_input():
    with pytest.raises(InputError, match="positive"):
        A.power_law_fit([1, 2, 3], [1, -1, 2])
    with pytest.raises(InputError, match="at least 3"):
        A.power_law_fit([1, 2, 3, 4], [1, 2, 3, 4], xmin=3.5)
    with pytest.raises(InputError, match="confidence"):
        A.power_law_fit([1, 2, 3], [1, 2, 3], confidence=1.0)


def test_local_slopes_and_family_vicsek_collapse():
    x = np.geomspace(1, 100, 30)
    _, slopes = A.local_slopes(x, x**2.5)
    np.testing.assert_allclose(slopes, 2.5)
    alpha, z = 0.5, 1.5
    sizes = [32, 64, 128]
    times = [np.geomspace(1, 10 * L**z, 60) for L in sizes]
    f = lambda u: np.minimum(u ** (alpha / z), 1.0)  # noqa: E731
    widths = [L**alpha * f(t / L**z) for L, t in zip(sizes, times, strict=True)]
    good = A.family_vicsek_collapse(sizes, times, widths, alpha, z)
    bad = A.family_vicsek_collapse(sizes, times, widths, 0.3, 1.0)
    assert good.spread < 1e-2 < bad.spread


# --- invariants (property tests) ------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402


@settings(max_examples=40, deadline=None, derandomize=True)
@given(x=arrays(np.float64, st.integers(130, 400),
                elements=st.floats(-1e3, 1e3, allow_subnormal=False)),
       order=st.integers(2, 5), delay=st.integers(1, 3))
def test_ordinal_invariants(x, order, delay):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        p = A.ordinal_distribution(x, order, delay)
        h, c = A.complexity_entropy(x, order, delay)
        # an increasing map keeps every pattern (scaling by a power of two is exact)
        assert np.array_equal(p, A.ordinal_distribution(8.0 * x, order, delay))
        # without ties, flipping the sign maps patterns one to one: same entropy
        if np.unique(x).size == x.size:
            assert A.permutation_entropy(-x, order, delay) == pytest.approx(h, abs=1e-12)
    assert p.sum() == pytest.approx(1.0) and np.all(p >= 0)
    assert -1e-12 <= h <= 1 + 1e-12 and -1e-12 <= c <= 1
