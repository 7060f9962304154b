"""coursekit.koopman: DMD, EDMD with ResDMD residuals, Hankel DMD and HAVOK, SINDy."""

import numpy as np
import pytest

from coursekit import systems
from coursekit.errors import InputError, NotFittedError, SimulationError
from coursekit.koopman import (
    DMD,
    EDMD,
    HAVOK,
    Callables,
    Fourier,
    HankelDMD,
    Polynomial,
    RadialBasis,
    SINDy,
    differentiate,
    optimal_rank,
    residuals,
)

# --- data -----------------------------------------------------------------------------------


def linear_orbit(A, x0, n):
    X = np.empty((n, len(x0)))
    X[0] = x0
    for k in range(n - 1):
        X[k + 1] = A @ X[k]
    return X


def rotation_system(seed=0):
    """A real 6x6 matrix with eigenvalues r e^{+-i theta}, three pairs, in a random basis."""
    rng = np.random.default_rng(seed)
    blocks = np.zeros((6, 6))
    lam = []
    for j, (r, th) in enumerate([(0.99, 0.3), (0.95, 1.1), (0.9, 2.0)]):
        c, s = r * np.cos(th), r * np.sin(th)
        blocks[2 * j:2 * j + 2, 2 * j:2 * j + 2] = [[c, -s], [s, c]]
        lam += [r * np.exp(1j * th), r * np.exp(-1j * th)]
    P = rng.standard_normal((6, 6))
    return P @ blocks @ np.linalg.inv(P), np.array(lam)


def nearest_error(found, exact):
    return max(np.min(np.abs(found - e)) for e in exact)


#: The discrete map x' = a x, y' = b y + c x^2: span{1, x, y, x^2} and span{x y, x^3} are
#: Koopman-invariant, with eigenvalues 1, a, b, a^2, ab, a^3.
A_, B_, C_ = 0.9, 0.5, 0.3


def quadratic_map_pairs(n, seed):
    X = np.random.default_rng(seed).uniform(-1, 1, (n, 2))
    Y = np.c_[A_ * X[:, 0], B_ * X[:, 1] + C_ * X[:, 0] ** 2]
    return list(np.stack([X, Y], axis=1))


LORENZ = np.zeros((3, 10))    # library order: 1, x, y, z, x^2, x y, x z, y^2, y z, z^2
LORENZ[0, 1], LORENZ[0, 2] = -10.0, 10.0
LORENZ[1, 1], LORENZ[1, 2], LORENZ[1, 6] = 28.0, -1.0, -1.0
LORENZ[2, 3], LORENZ[2, 5] = -8.0 / 3.0, 1.0


@pytest.fixture(scope="module")
def lorenz_samples():
    run = systems.simulate(systems.lorenz(), t_end=50.0, dt=0.002)
    return np.array(run.x)


# --- DMD ------------------------------------------------------------------------------------


def test_dmd_recovers_the_eigenvalues_of_a_linear_system_to_1e10():
    A, lam = rotation_system()
    X = linear_orbit(A, np.ones(6), 40)
    model = DMD().fit(X, dt=0.1)
    assert model.rank_ == 6
    assert nearest_error(model.eigenvalues_, lam) < 1e-10
    # exact DMD modes are eigenvectors of the full operator (Tu et al. 2014, Theorem 1)
    for j in range(6):
        phi = model.modes_[:, j]
        assert np.linalg.norm(A @ phi - model.eigenvalues_[j] * phi) < 1e-9
    omega = model.continuous_eigenvalues_
    assert np.allclose(np.exp(omega * 0.1), model.eigenvalues_, atol=1e-12)
    assert np.max(model.residuals_) < 1e-6
    assert np.allclose(model.reconstruct(40), X, atol=1e-8 * np.abs(X).max())
    # a free run from a state not in the data follows the true map
    x0 = np.random.default_rng(5).standard_normal(6)
    assert np.allclose(model.simulate(x0, 25).x, linear_orbit(A, x0, 26), atol=1e-9)
    assert model.score(linear_orbit(A, x0, 26)) > 1 - 1e-12


def test_exact_modes_are_eigenvectors_of_the_rank_r_operator_and_projected_modes_are_not():
    A, lam = rotation_system()
    X = linear_orbit(A, np.ones(6), 40)
    Xt = X @ np.random.default_rng(2).standard_normal((6, 30))        # 30-dim, rank-6 data
    exact = DMD(rank=4).fit(Xt)
    projected = DMD(rank=4, modes="projected").fit(Xt)
    assert np.allclose(exact.eigenvalues_, projected.eigenvalues_)
    U, s, Vh = np.linalg.svd(Xt[:-1].T, full_matrices=False)           # A_r, independently
    A_r = Xt[1:].T @ Vh[:4].T @ np.diag(1 / s[:4]) @ U[:, :4].T
    def defect(model):
        return max(np.linalg.norm(A_r @ phi - lam_j * phi)
                   for lam_j, phi in zip(model.eigenvalues_, model.modes_.T, strict=True))
    assert defect(exact) < 1e-10
    assert defect(projected) > 1e-3


def test_tall_data_randomized_svd_matches_the_full_svd_and_is_seeded():
    A, lam = rotation_system(1)
    X = linear_orbit(A, np.ones(6), 1200)
    rng = np.random.default_rng(3)
    lift = rng.standard_normal((6, 2000))
    decay = rng.standard_normal((1200, 40)) * 0.5 ** np.arange(40) * 1e-3   # a decaying tail
    tall = X @ lift + decay @ rng.standard_normal((40, 2000)) + 1e-6 * rng.standard_normal((1200, 2000))
    full = DMD(rank=6, svd="full").fit(tall)
    fast = DMD(rank=6, seed=7).fit(tall)                              # "auto": randomised here
    assert full.svd_method_ == "full" and fast.svd_method_ == "randomized"
    assert nearest_error(full.eigenvalues_, lam) < 1e-4
    assert nearest_error(fast.eigenvalues_, full.eigenvalues_) < 1e-8
    again = DMD(rank=6, seed=7).fit(tall)
    assert np.array_equal(fast.eigenvalues_, again.eigenvalues_)
    with pytest.raises(InputError, match="larger than the data allow"):
        DMD(rank=8, svd="randomized", seed=1).fit(X)                   # rank 6 data


def test_optimal_threshold_of_a_square_matrix_is_2858_times_the_median():
    s = np.r_[2.87, 2.85, np.ones(98)]                                # median 1
    assert optimal_rank(s, (100, 100)) == 1


def test_optimal_rank_finds_the_signal_rank_under_white_noise():
    rng = np.random.default_rng(4)
    n, m, r = 200, 500, 5
    signal = rng.standard_normal((n, r)) @ np.diag([40, 30, 20, 15, 10.0]) @ rng.standard_normal((r, m))
    noisy = signal / np.sqrt(n) + 0.1 * rng.standard_normal((n, m))
    s = np.linalg.svd(noisy, compute_uv=False)
    assert optimal_rank(s, noisy.shape) == r
    assert DMD(rank="optimal").fit(noisy.T).rank_ == r


def test_energy_rank_keeps_the_fewest_values_reaching_the_fraction():
    X = linear_orbit(*rotation_system()[:1], np.ones(6), 40)
    s = np.linalg.svd(X[:-1].T, compute_uv=False)
    energy = np.cumsum(s**2) / np.sum(s**2)
    model = DMD(rank=0.99).fit(X)
    assert energy[model.rank_ - 1] >= 0.99 and (model.rank_ == 1 or energy[model.rank_ - 2] < 0.99)


def test_dmd_errors_are_clear():
    X = linear_orbit(*rotation_system()[:1], np.ones(6), 40)
    with pytest.raises(InputError, match="larger than the data allow"):
        DMD(rank=8).fit(X)
    with pytest.raises(InputError, match="at least 2 snapshot pairs"):
        DMD().fit(X[:2])
    bad = X.copy()
    bad[3, 2] = np.nan
    with pytest.raises(InputError, match="finite"):
        DMD().fit(bad)
    with pytest.raises(InputError, match="equally spaced"):
        DMD().fit(X, dt=np.r_[0.0, np.cumsum(np.full(39, 0.1)) + np.r_[np.zeros(38), 0.05]])
    with pytest.raises(InputError, match="must match"):
        DMD().fit(X, dt=np.arange(10.0))
    with pytest.raises(InputError, match="rank must be"):
        DMD(rank=-2)
    with pytest.raises(NotFittedError, match="fit"):
        DMD().simulate(np.ones(6), 3)
    with pytest.raises(InputError, match=r"\(n, 6\)"):
        DMD().fit(X).predict(np.ones((2, 5)))


def test_pairs_never_straddle_two_trajectories():
    A, lam = rotation_system()
    a, b = linear_orbit(A, np.ones(6), 20), linear_orbit(A, np.arange(6.0), 20)
    joined = DMD().fit([a, b])
    assert nearest_error(joined.eigenvalues_, lam) < 1e-10
    glued = DMD(rank=6).fit(np.vstack([a, b]))                       # one fake pair a[-1] -> b[0]
    assert nearest_error(glued.eigenvalues_, lam) > 1e-6


# --- EDMD and ResDMD ------------------------------------------------------------------------


def test_edmd_recovers_the_eigenvalues_of_an_invariant_subspace_exactly():
    lib = Callables([lambda s: np.ones(len(s)), lambda s: s[:, 0], lambda s: s[:, 1],
                     lambda s: s[:, 0] ** 2], names=["1", "x", "y", "x^2"])
    model = EDMD(lib).fit(quadratic_map_pairs(300, 0))
    exact = np.array([1.0, A_, A_**2, B_])
    assert np.max(np.abs(np.sort(model.eigenvalues_.real) - np.sort(exact))) < 1e-12
    assert np.max(np.abs(model.eigenvalues_.imag)) < 1e-12
    assert np.max(model.residuals_) < 1e-6
    # eigenfunctions obey phi(F(x)) = lambda phi(x) at states never seen in the fit
    X = np.random.default_rng(9).uniform(-1, 1, (50, 2))
    Y = np.c_[A_ * X[:, 0], B_ * X[:, 1] + C_ * X[:, 0] ** 2]
    phi_x, phi_y = model.eigenfunctions(X), model.eigenfunctions(Y)
    assert np.allclose(phi_y, phi_x * model.eigenvalues_, atol=1e-10)


def test_residuals_verify_the_eigenpairs_of_the_invariant_span_only():
    """Cubic monomials: span{1, x, y, x^2, x y, x^3} is invariant; y^2, x^2 y, x y^2 and y^3 map
    out of the dictionary. Their EDMD eigenvalues approximate the true a^2 b, b^2, a b^2, b^3,
    whose eigenfunctions have degree 4: the residual says that the pairs are wrong."""
    model = EDMD(Polynomial(3)).fit(quadratic_map_pairs(4000, 1))
    exact = np.array([1.0, A_, B_, A_**2, A_ * B_, A_**3])
    true = np.array([np.min(np.abs(exact - lam)) < 1e-9 for lam in model.eigenvalues_])
    assert true.sum() == 6
    assert np.max(model.residuals_[true]) < 1e-12                  # from the lifted data
    assert np.min(model.residuals_[~true]) > 1e-2
    assert np.array_equal(model.trusted(1e-3), true)
    nearby = np.array([A_**2 * B_, B_**2, A_ * B_**2, B_**3])
    assert nearest_error(model.eigenvalues_[~true], nearby) < 0.01
    # the quadratic form of the Gram matrices gives the same residuals, to its rounding floor
    G, A, L = model.gram_
    assert np.allclose(residuals(G, A, L, model.eigenvalues_, model.eigenvectors_),
                       model.residuals_, atol=1e-7)
    assert np.all(model.pseudospectrum(exact) < 1e-6)


def standard_map(X, k):
    """Chirikov's standard map on the torus [0, 2 pi)^2: area-preserving."""
    p = np.mod(X[:, 1] + k * np.sin(X[:, 0]), 2 * np.pi)
    return np.c_[np.mod(X[:, 0] + p, 2 * np.pi), p]


def test_pollution_on_a_measure_preserving_map_is_caught_by_the_residuals():
    """The standard map preserves area, so its Koopman operator is unitary on L^2 of the torus:
    the spectrum lies on the unit circle and ||Kg - z g|| >= |1 - |z||·||g||. EDMD eigenvalues
    inside the circle are spurious, and their residuals must show it; so must the
    pseudospectrum indicator everywhere."""
    grid = np.linspace(0, 2 * np.pi, 150, endpoint=False)           # the trapezoid rule: for
    X = np.stack(np.meshgrid(grid, grid), -1).reshape(-1, 2)       # smooth periodic integrands
    model = EDMD(Fourier(3, mixed=True, include_bias=True)).fit(   # spectrally accurate
        list(np.stack([X, standard_map(X, 1.0)], axis=1)))
    lam = model.eigenvalues_
    inside = np.abs(lam) < 0.9
    assert inside.sum() > 10                                       # pollution is there
    quadrature = 1e-6
    assert np.all(model.residuals_ >= np.abs(1 - np.abs(lam)) - quadrature)
    assert model.residuals_[np.argmin(np.abs(lam - 1))] < 1e-10    # the constant
    z = np.array([0.0, 0.5, 0.5j, -0.3 + 0.3j, 0.95])
    assert np.all(model.pseudospectrum(z) >= np.abs(1 - np.abs(z)) - quadrature)


def test_edmd_on_a_singular_dictionary_says_so_and_regularisation_fixes_it():
    lib = Polynomial(1) + Polynomial(1)                              # every function twice
    with pytest.raises(InputError, match="regularization"):
        EDMD(lib).fit(quadratic_map_pairs(100, 3))
    model = EDMD(lib, regularization=1e-12).fit(quadratic_map_pairs(100, 3))
    assert np.min(np.abs(model.eigenvalues_ - A_)) < 1e-6
    with pytest.raises(InputError, match="snapshot pairs"):
        EDMD(Polynomial(4)).fit(quadratic_map_pairs(5, 3))


def test_radial_basis_centres_are_seeded_and_edmd_forecasts_unseen_states():
    data = quadratic_map_pairs(600, 4)
    one = EDMD(RadialBasis(30, seed=5)).fit(data)
    two = EDMD(RadialBasis(30, seed=5)).fit(data)
    other = EDMD(RadialBasis(30, seed=6)).fit(data)
    assert np.array_equal(one.koopman_matrix_, two.koopman_matrix_)
    assert not np.allclose(one.koopman_matrix_, other.koopman_matrix_)
    x0 = np.array([0.4, -0.3])
    truth = [x0]
    for _ in range(5):
        x = truth[-1]
        truth.append(np.array([A_ * x[0], B_ * x[1] + C_ * x[0] ** 2]))
    forecast = one.simulate(x0, 5).x
    assert np.max(np.abs(forecast - np.array(truth))) < 2e-2


def test_fitting_does_not_change_the_dictionary_passed_in():
    lib = RadialBasis(10, seed=1)
    EDMD(lib).fit(quadratic_map_pairs(100, 5))
    assert not hasattr(lib, "n_state")


# --- Hankel DMD and HAVOK -------------------------------------------------------------------


def test_hankel_dmd_forecasts_a_sum_of_sines_from_the_last_delay_vector():
    t = 0.05 * np.arange(1200)
    y = np.sin(t) + 0.5 * np.sin(2.3 * t + 0.4)
    model = HankelDMD(delays=8).fit(y[:600], dt=0.05)
    assert model.rank_ == 4
    angles = np.sort(np.abs(np.angle(model.eigenvalues_)))
    assert np.allclose(angles, np.repeat([0.05, 0.115], 2), atol=1e-9)
    forecast = model.simulate(y[800:900], 300).x[:, 0]                 # unseen segment
    assert np.max(np.abs(forecast - y[899:1200])) < 1e-7
    assert model.score(y[600:]) > 1 - 1e-12


@pytest.fixture(scope="module")
def lorenz_havok():
    dt = 0.001
    x = np.array(systems.simulate(systems.lorenz(), x0=[-8.0, 8.0, 27.0], dt=dt,
                                  t_eval=dt * np.arange(150_000)).x[:, 0])
    return x, dt, HAVOK(delays=100, rank=15).fit(x[:100_000], dt=dt)


def lobe_switches(x):
    """Indices where x changes lobe (crosses to the other side of +-1)."""
    out, side = [], np.sign(x[0])
    for k, v in enumerate(x):
        if side * v < -1.0:
            side = -side
            out.append(k)
    return np.array(out)


def test_havok_forcing_bursts_just_before_lobe_switches(lorenz_havok):
    """Brunton et al. 2017: the forcing v_r is quiet on a lobe and active before a switch.

    The delay coordinates at a time use only samples up to that time, so a burst before a
    switch is a warning, not hindsight. Switch-triggered mean of v_r^2 (relative to its mean):
    large in the 0.3 time units before a switch, small from 2 to 0.5 before it.
    """
    x, dt, model = lorenz_havok
    assert model.active(3.0).mean() < 0.05                          # bursts are rare
    q = model.delays
    unseen = x[100_000:]                                            # after the fitted data
    forcing = model.coordinates(np.lib.stride_tricks.sliding_window_view(unseen, q))[:, -1]
    f2 = forcing**2 / np.mean(forcing**2)
    idx = lobe_switches(unseen) - (q - 1)                           # index into forcing
    idx = idx[(idx > 2000) & (idx < len(f2))]
    assert len(idx) > 15
    before = np.mean([f2[k - 300:k].mean() for k in idx])
    earlier = np.mean([f2[k - 2000:k - 500].mean() for k in idx])
    assert before > 2.0 and earlier < 0.6 and before > 4 * earlier    # measured: 2.8, 0.46


def test_havok_reconstructs_unseen_data_with_the_measured_forcing(lorenz_havok):
    x, dt, model = lorenz_havok
    assert np.max(model.continuous_eigenvalues_.real) < 0           # the unforced part is stable
    assert np.allclose(np.sort_complex(model.continuous_eigenvalues_),
                       np.sort_complex(np.linalg.eigvals(model.A_)), atol=1e-6)
    q = model.delays
    k0 = 120_000                                                    # beyond the fitted data
    forcing = model.coordinates(np.lib.stride_tricks.sliding_window_view(x[k0 - q + 2:k0 + 501], q))
    run = model.simulate(x[k0 - q + 1:k0 + 1], 500, forcing=forcing[:, -1])
    assert np.max(np.abs(run.x[:, 0] - x[k0:k0 + 501])) < 0.05 * np.std(x)
    # one step ahead, far better than persistence (which also scores R^2 near 1 at this step)
    seg = x[100_000:110_000]
    err_model = np.abs(model.predict(seg)[:-1, 0] - seg[q:]).mean()
    err_persistence = np.abs(seg[q - 1:-1] - seg[q:]).mean()
    assert err_model < 1e-3 * err_persistence


def test_havok_errors():
    with pytest.raises(InputError, match="exceeds delays"):
        HAVOK(delays=5, rank=8)
    with pytest.raises(InputError, match="one scalar"):
        HAVOK(delays=5, rank=2).fit(np.ones((100, 2)))
    y = np.sin(0.2 * np.arange(100.0))
    with pytest.raises(InputError, match="one series"):
        HAVOK(delays=5, rank=2).fit([y, y])
    model = HAVOK(delays=5, rank=2).fit(y, dt=0.2)
    with pytest.raises(InputError, match="1 observable"):
        model.predict(np.ones((20, 2)))
    with pytest.raises(InputError, match=r"shape \(3,\)"):
        model.simulate(y[:5], 3, forcing=np.ones(4))


# --- SINDy ----------------------------------------------------------------------------------


def coefficient_error(model):
    return np.linalg.norm(model.coef_ - LORENZ) / np.linalg.norm(LORENZ)


def test_sindy_recovers_lorenz_from_clean_data(lorenz_samples):
    model = SINDy(threshold=0.5).fit(lorenz_samples, dt=0.002)
    assert np.array_equal(model.coef_ != 0, LORENZ != 0)
    assert coefficient_error(model) < 5e-4
    assert model.equations(1) == ["x' = -10.0 x + 10.0 y", "y' = 28.0 x - 1.0 y - 1.0 x z",
                                  "z' = -2.7 z + 1.0 x y"]


@pytest.mark.parametrize("noise, method, tol", [(0.01, "finite_difference", 2e-3),
                                                (0.01, "savgol", 2e-3), (0.05, "savgol", 5e-3)])
def test_sindy_recovers_lorenz_from_noisy_data(lorenz_samples, noise, method, tol):
    rng = np.random.default_rng(0)
    X = lorenz_samples + noise * lorenz_samples.std(axis=0) * rng.standard_normal(lorenz_samples.shape)
    model = SINDy(threshold=0.5, differentiation=method).fit(X, dt=0.002)
    assert np.array_equal(model.coef_ != 0, LORENZ != 0)
    assert coefficient_error(model) < tol


def test_sindy_with_exact_derivatives_simulates_like_the_true_system():
    lorenz = systems.lorenz()
    run = systems.simulate(lorenz, t_end=5.0, dt=0.01)
    X = np.array(run.x)
    x, y, z = X.T
    x_dot = np.c_[10 * (y - x), x * (28 - z) - y, x * y - 8 / 3 * z]
    model = SINDy(threshold=0.5).fit(X, dt=0.01, x_dot=x_dot)
    assert np.max(np.abs(model.coef_ - LORENZ)) < 1e-10
    x0 = np.array([1.0, -2.0, 20.0])                                # an unseen start
    ours = model.simulate(x0, 100).x
    truth = systems.simulate(lorenz, x0=x0, t_end=1.0, dt=0.01).x
    assert np.max(np.abs(ours - truth)) < 1e-8
    assert np.allclose(model.predict(x0[None]), truth[1], atol=1e-10)


def test_compiled_and_python_simulations_agree_on_a_fourier_library():
    t = 0.01 * np.arange(2000)
    x = np.empty(2000)
    x[0] = 2.5
    for k in range(1999):                                           # fine Euler steps of x' = -2 sin x
        s = x[k]
        for _ in range(100):
            s -= 1e-4 * 2 * np.sin(s)
        x[k + 1] = s
    model = SINDy(library=Fourier(2), threshold=0.1).fit(x, dt=t)
    assert model.equations(2) == ["x' = -2.00 sin(x)"]
    python_lib = Callables([lambda s: np.sin(s[:, 0]), lambda s: np.cos(s[:, 0]),
                            lambda s: np.sin(2 * s[:, 0]), lambda s: np.cos(2 * s[:, 0])])
    slow = SINDy(library=python_lib, threshold=0.1).fit(x, dt=0.01)
    slow.coef_ = model.coef_.copy()                                 # one model, two engines
    a, b = model.simulate([1.0], 200).x, slow.simulate([1.0], 200).x
    assert np.max(np.abs(a - b)) < 1e-12


def test_sindy_simulation_that_blows_up_says_when():
    model = SINDy(threshold=0.0).fit(np.exp(np.linspace(0, 1, 50)) ** 2, dt=1 / 49)
    model.coef_ = np.array([[0.0, 0.0, 1.0]])                       # x' = x^2: blow-up at t = 1
    with pytest.raises(SimulationError, match="blew up at t = ") as err:
        model.simulate([1.0], int(2.0 / model.dt_))
    assert 1.0 <= err.value.t <= 1.1
    python = SINDy(library=Callables([lambda s: np.ones(len(s)), lambda s: s[:, 0],
                                      lambda s: s[:, 0] ** 2]), threshold=0.0)
    python.fit(np.exp(np.linspace(0, 1, 50)) ** 2, dt=1 / 49).coef_ = model.coef_
    with pytest.raises(SimulationError, match="blew up at t = ") as err:
        python.simulate([1.0], int(2.0 / model.dt_))
    assert 1.0 <= err.value.t <= 1.1
    with pytest.raises(SimulationError):
        model.predict([[1e200]])


def test_sindy_errors():
    with pytest.raises(InputError, match="window"):
        SINDy(differentiation="savgol", window=4)
    with pytest.raises(InputError, match="differentiation"):
        SINDy(differentiation="spline")
    with pytest.raises(InputError, match="x_dot must have the shape"):
        SINDy().fit(np.ones((10, 2)), x_dot=np.ones((10, 3)))
    with pytest.raises(InputError, match="library"):
        SINDy(library="poly")


def test_learners_share_the_scikit_learn_conventions():
    base = pytest.importorskip("sklearn.base")
    for model in (DMD(rank=2.0), EDMD(), SINDy(window=31), HankelDMD(delays=4), HAVOK(rank=3)):
        params = model.get_params()
        assert repr(model).startswith(type(model).__name__ + "(")
        copy = base.clone(model)
        assert copy is not model and copy.get_params() == params      # values, as passed
        with pytest.raises(NotFittedError):
            model.predict(np.ones((1, 1)))
    with pytest.raises(InputError, match="no hyper-parameter"):
        DMD().set_params(rnak=3)
    model = DMD()
    with pytest.raises(InputError, match="rank must be"):
        model.set_params(rank=-3)
    assert model.rank is None                                      # unchanged after the error
    model.rank = -3                                                # set behind its back:
    with pytest.raises(InputError, match="rank must be"):
        model.fit(np.ones((5, 2)))                                 # fit checks again


def test_every_fitted_accessor_says_when_the_model_is_not_fitted():
    calls = [lambda: EDMD().eigenfunctions([[1.0]]), lambda: DMD().reconstruct(3),
             lambda: SINDy().equations(), lambda: EDMD().trusted(), lambda: EDMD().pseudospectrum(0.5),
             lambda: DMD().continuous_eigenvalues_, lambda: HAVOK().coordinates(np.ones(100)),
             lambda: HankelDMD().score(np.ones(20)), lambda: SINDy().derivative([[1.0]])]
    for call in calls:
        with pytest.raises(NotFittedError, match="not fitted yet"):
            call()


def test_data_shapes_are_read_as_meant():
    # nested lists are one trajectory; a list of arrays is several
    model = DMD().fit([[1.0, 2.0], [2.0, 4.0], [4.0, 8.0], [8.0, 16.0]])
    assert model.n_state_ == 2
    assert DMD().fit([1.0, 0.5, 0.25, 0.125]).n_state_ == 1
    y = np.sin(0.3 * np.arange(60.0))
    hankel = HankelDMD(delays=3).fit(y)
    assert np.allclose(hankel.simulate(list(y[:10]), 2).x, hankel.simulate(y[:10], 2).x)
    with pytest.raises(InputError, match="one series"):
        hankel.score([y, y])
    with pytest.raises(InputError, match="one trajectory at a time"):
        differentiate([y, y], 0.1)
    # a starting state must be one state
    model = DMD().fit(linear_orbit(*rotation_system()[:1], np.ones(6), 20))
    with pytest.raises(InputError, match=r"x0 must have shape \(6,\)"):
        model.simulate(np.ones((2, 6)), 3)
    with pytest.raises(InputError, match="constant"):
        DMD().fit(np.ones((5, 1)) * np.arange(1.0, 6.0)[:, None]).score(np.ones((4, 1)))


def test_a_failed_refit_keeps_the_previous_fit():
    A, lam = rotation_system()
    X = linear_orbit(A, np.ones(6), 40)
    model = DMD().fit(X, dt=0.1)
    before = model.continuous_eigenvalues_.copy()
    with pytest.raises(InputError):
        model.fit(X[:, :3], dt=0.5 * np.arange(3.0))              # bad sample times
    assert model.dt_ == 0.1 and np.array_equal(model.continuous_eigenvalues_, before)


def test_edmd_reports_how_well_its_dictionary_holds_the_state():
    pairs_ = [np.array([[x], [0.9 * x]]) for x in np.linspace(-1, 1, 50)]
    assert EDMD(Polynomial(2)).fit(pairs_).state_map_error_ == 0.0
    fourier = EDMD(Fourier(2)).fit(pairs_)
    assert fourier.state_map_error_ > 1e-3                          # x is not in the span
    gauss = EDMD(RadialBasis(4, kernel="gaussian", seed=0)).fit(pairs_)
    assert gauss.state_map_error_ == 0.0 and np.min(np.abs(gauss.eigenvalues_ - 0.9)) < 1e-6


def test_fourier_wave_vectors_and_names():
    lib = Fourier(1, mixed=True).fit(np.zeros((1, 2)))
    assert lib.names() == ["sin(y)", "cos(y)", "sin(x)", "cos(x)", "sin(x - y)", "cos(x - y)",
                           "sin(x + y)", "cos(x + y)"]
    X = np.random.default_rng(0).uniform(-3, 3, (5, 2))
    assert np.allclose(lib(X)[:, 4], np.sin(X[:, 0] - X[:, 1]))
