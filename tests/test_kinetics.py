"""Chemical kinetics: networks, the exact SSA, tau-leaping, lattice models vs theory."""

import math

import numpy as np
import pytest
from scipy.special import iv

from coursekit import _random
from coursekit.errors import InputError, SimulationError
from coursekit.kinetics import (
    ReactionNetwork,
    gillespie,
    gillespie_ensemble,
    logistic_network,
    tau_leap,
)
from coursekit.kinetics import lattice as lat

BIRTH_DEATH = ReactionNetwork.parse("0 -> A @ 100; A -> 0 @ 1")


# --- networks -------------------------------------------------------------------------------

def test_parse_and_matrices():
    net = ReactionNetwork.parse("A + B -> 2 B @ 0.01\n B -> 0 @ 0.5  # death\n A -> 2A @ 1")
    assert net.species == ("A", "B")
    assert net.stoichiometry.tolist() == [[-1, 1], [0, -1], [1, 0]]
    assert net.reactant_matrix.tolist() == [[1, 1], [0, 1], [1, 0]]
    assert net.propensities([10, 4]).tolist() == pytest.approx([0.4, 2.0, 10.0])
    pair = ReactionNetwork.parse("A + A -> 0 @ 2")
    assert pair.propensities([5])[0] == pytest.approx(2 * 10)   # c * C(5, 2)
    assert pair.rate_equations([5.0])[0] == pytest.approx(-2 * 2 * 25 / 2)
    with pytest.raises(ValueError, match="read-only"):
        net.rates[0] = 5.0


def test_logistic_network_rate_equation_is_logistic():
    net = logistic_network(1.5, 0.5, 1.0, 200.0)
    x = np.array([37.0])
    n = x / 200.0
    assert net.rate_equations(x)[0] / 200.0 == pytest.approx((1.5 - 0.5) * n[0] - 1.0 * n[0] ** 2)


def test_explicit_constructor_equals_parsed():
    a = ReactionNetwork([({}, {"A": 1}, 100.0), ({"A": 1}, {}, 1.0)])
    assert a.species == BIRTH_DEATH.species
    assert np.array_equal(a.stoichiometry, BIRTH_DEATH.stoichiometry)


@pytest.mark.parametrize("text, match", [
    ("A -> B", "reactants -> products @ rate"),
    ("A -> B @ -1", "non-negative"),
    ("A -> B @ fast", "not a number"),
    ("A + -> B @ 1", "cannot read"),
    ("2.5A -> B @ 1", "cannot read"),
    ("0 -> 0 @ 1", "neither"),
    ("A -> B -> C @ 1", "reactants -> products"),
])
def test_malformed_reactions_raise(text, match):
    with pytest.raises(InputError, match=match):
        ReactionNetwork.parse(text)


def test_bad_states_raise():
    with pytest.raises(InputError, match="x0 must be non-negative"):
        gillespie(BIRTH_DEATH, [-1], t_eval=[0, 1])
    with pytest.raises(InputError, match="x0 must be copy numbers"):
        gillespie(BIRTH_DEATH, [0.5], t_eval=[0, 1])
    with pytest.raises(InputError, match="must name species of the network"):
        BIRTH_DEATH.solve_rate_equations({"a": 5}, 1.0)      # a typo is not an empty state
    with pytest.raises(InputError, match="must name species of the network"):
        gillespie(BIRTH_DEATH, {"B": 1}, t_eval=[0, 1])
    with pytest.raises(InputError, match="give the final time"):
        gillespie(BIRTH_DEATH, [0])
    with pytest.raises(InputError, match="non-decreasing"):
        gillespie(BIRTH_DEATH, [0], t_eval=[0, 2, 1])
    with pytest.raises(InputError, match="ReactionNetwork"):
        gillespie("0 -> A @ 1", [0], t_end=1.0)
    with pytest.raises(InputError, match="n_runs"):
        gillespie_ensemble(BIRTH_DEATH, [0], [0.0, 1.0], n_runs=0)


# --- the exact SSA ----------------------------------------------------------------------------

def test_birth_death_stationary_law_is_poisson():
    """Time average over one long run: mean = variance = k/gamma = 100 (Poisson)."""
    run = gillespie(BIRTH_DEATH, [0], t_eval=np.arange(0, 5000.0, 0.5), seed=7)
    x = run["A"][200:]                      # drop the first 100 time units (relaxation)
    # samples 0.5 apart are correlated (time 1/gamma = 1): effective n ~ len/4
    err = 4 * math.sqrt(100 / (len(x) / 4))
    assert abs(x.mean() - 100) < err
    assert abs(x.var() / x.mean() - 1) < 0.08   # Fano factor 1
    # the full distribution: compare with Poisson(100) in the bulk
    hist = np.bincount(x, minlength=160)[70:130] / len(x)
    pois = np.array([math.exp(-100 + k * math.log(100) - math.lgamma(k + 1)) for k in range(70, 130)])
    assert np.max(np.abs(hist - pois)) < 0.01


def test_ensemble_mean_follows_the_rate_equation_for_a_linear_network():
    t = np.linspace(0, 5, 11)
    ens = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=4000, seed=11)
    exact = 100 * (1 - np.exp(-t))          # linear network: the mean obeys the rate equation
    np.testing.assert_allclose(BIRTH_DEATH.solve_rate_equations([0], t_eval=t)["A"], exact,
                               rtol=1e-6)
    stderr = np.sqrt(np.maximum(exact, 1) / 4000)
    assert np.all(np.abs(ens.mean[:, 0] - exact) < 4.5 * stderr)
    # and the variance equals the mean at every time (Poisson from an empty start)
    assert np.all(np.abs(ens.var[1:, 0] / ens.mean[1:, 0] - 1) < 0.1)


def test_seeded_runs_are_bit_identical_and_independent_of_threads():
    import numba

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("one Numba thread only: thread independence cannot be observed")
    t = np.linspace(0, 3, 7)
    a = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=300, seed=5)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        b = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=300, seed=5)
    finally:
        numba.set_num_threads(before)
    c = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=300, seed=6)
    assert np.array_equal(a.x, b.x) and not np.array_equal(a.x, c.x)
    # a run is keyed by its index: a shorter ensemble is a prefix of a longer one
    short = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=37, seed=5)
    assert np.array_equal(short.x, a.x[:, :37])
    # runs in different blocks draw from different streams (no shared 31-bit seeds)
    assert not np.array_equal(a.x[:, 0], a.x[:, _random.BLOCK])
    one = gillespie(BIRTH_DEATH, [0], t_eval=t, seed=9)
    assert np.array_equal(one.x, gillespie(BIRTH_DEATH, [0], t_eval=t, seed=9).x)
    gen = np.random.default_rng(9)
    first, second = gillespie(BIRTH_DEATH, [0], t_eval=t, seed=gen), \
        gillespie(BIRTH_DEATH, [0], t_eval=t, seed=gen)
    assert not np.array_equal(first.x, second.x)       # a Generator is advanced in place


def test_ensemble_member_k_is_a_single_run_on_its_block_stream():
    """The documented rule, run by run: block b = k // BLOCK draws from the b-th spawned
    stream, its members one after the other; and a SeedSequence passed twice is not consumed."""
    t = np.linspace(0, 3, 7)
    ens = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=2 * _random.BLOCK + 1, seed=5)
    streams = _random.spawn(5, 3)
    first = np.random.Generator(np.random.PCG64(streams[0]))
    assert np.array_equal(ens.x[:, 0], gillespie(BIRTH_DEATH, [0], t_eval=t, seed=first).x)
    assert np.array_equal(ens.x[:, 1], gillespie(BIRTH_DEATH, [0], t_eval=t, seed=first).x)
    third = np.random.Generator(np.random.PCG64(streams[2]))
    assert np.array_equal(ens.x[:, 2 * _random.BLOCK],
                          gillespie(BIRTH_DEATH, [0], t_eval=t, seed=third).x)
    ss = np.random.SeedSequence(123)
    a = gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=20, seed=ss)
    assert np.array_equal(a.x, gillespie_ensemble(BIRTH_DEATH, [0], t, n_runs=20, seed=ss).x)


def test_event_recording_is_consistent_with_the_grid():
    ev = gillespie(BIRTH_DEATH, [0], t_end=2.0, seed=3)
    assert np.all(np.diff(ev.t) > 0) and ev.t[-1] <= 2.0
    assert np.all(np.abs(np.diff(ev.x[:, 0])) == 1)     # one molecule per event
    assert ev.stats["n_events"] == ev.t.size - 1
    grid = gillespie(BIRTH_DEATH, [0], t_eval=[0.0, 2.0], seed=3)
    assert grid.x[-1, 0] == ev.x[-1, 0]
    late = gillespie(BIRTH_DEATH, [0], t_eval=[1.0, 2.0], seed=3)   # runs start at t = 0
    assert late.x[-1, 0] == ev.x[-1, 0] and late.x[0, 0] == ev.x[ev.t <= 1.0][-1, 0]


def test_absorbing_state_and_max_events():
    decay = ReactionNetwork.parse("A -> 0 @ 1")
    run = gillespie(decay, [5], t_eval=[0, 100.0], seed=1)
    assert run.x[-1, 0] == 0 and run.stats["n_events"] == 5
    with pytest.raises(SimulationError, match="max_events") as info:
        gillespie(BIRTH_DEATH, [0], t_eval=[0, 1000.0], max_events=10)
    assert info.value.cause == "max_events"


def test_pair_annihilation_stationary_law_is_the_exact_one_not_mean_field():
    """0 -> A (k = 1), A + A -> 0 (c = 1): the stationary generating function is
    G(s) ~ sqrt(1 + s) I_1(2 sqrt(2 (1 + s))), so <n> = I_0(4) / I_1(4) = 1.15805 and
    <n (n - 1)> = 1 exactly, while the rate equation's fixed point is 1. Both moments are
    checked to four standard errors of 40 000 runs."""
    net = ReactionNetwork.parse("0 -> A @ 1; A + A -> 0 @ 1")
    ens = gillespie_ensemble(net, [0], np.array([0.0, 50.0]), n_runs=40_000, seed=6)
    n = ens.x[-1, :, 0].astype(float)
    exact_mean = iv(0, 4.0) / iv(1, 4.0)
    assert exact_mean == pytest.approx(1.158047, abs=1e-6)
    assert abs(n.mean() - exact_mean) < 4 * n.std() / np.sqrt(n.size)
    f = n * (n - 1)
    assert abs(f.mean() - 1.0) < 4 * f.std() / np.sqrt(n.size)
    mf = net.solve_rate_equations([0], t_eval=[0.0, 50.0])["A"][-1]   # sqrt(k / c) = 1
    assert mf == pytest.approx(1.0, rel=1e-4)
    assert abs(n.mean() - mf) > 20 * n.std() / np.sqrt(n.size)


def test_tau_leaping_is_close_for_large_numbers():
    net = ReactionNetwork.parse("0 -> A @ 10000; A -> 0 @ 1")
    run = tau_leap(net, [0], np.linspace(0, 10, 11), dt=0.01, seed=4)
    assert abs(run.x[-1, 0] - 10000) < 5 * 100
    assert "approximate" in run.method and run.stats["n_steps"] == 1000
    with pytest.raises(InputError, match="dt"):
        tau_leap(net, [0], [0, 1], dt=0.0)


def test_tau_leaping_has_the_exact_stationary_bias_of_poisson_leaps():
    """Birth-death (k = 100, gamma = 1) leapt with dt: X' = X + P(k dt) - P(gamma X dt) keeps
    the mean k / gamma but inflates the variance to (k / gamma) / (1 - gamma dt / 2), 1.111
    times the exact (Poisson) one at gamma dt = 0.2. One run of 2 x 10^5 leaps, sampled at
    every leap: with lag-one correlation 1 - gamma dt = 0.8 that is ~2.2 x 10^4 effective
    samples, so the mean is known to 0.07 and the Fano factor to ~0.009 (measured spread over
    seeds): the tolerances are four of those, and the exact Fano factor 1 is 12 away."""
    run = tau_leap(BIRTH_DEATH, [100], np.arange(0, 40_000, 0.2), dt=0.2, seed=1)
    x = run.x[100:, 0]
    assert abs(x.mean() - 100) < 4 * 0.071
    assert x.var() / x.mean() == pytest.approx(1 / (1 - 0.1), abs=0.036)
    assert run.stats["dt"] == 0.2 and run.stats["n_halvings"] == 0


def test_tau_leaping_applies_every_species_change():
    """A <-> B: each leap moves molecules between the species, so A + B stays exact, and A
    relaxes to k2 N / (k1 + k2) = 3000 of N = 10^4 (Poisson-binomial spread ~46)."""
    net = ReactionNetwork.parse("A -> B @ 7; B -> A @ 3")
    run = tau_leap(net, {"A": 10_000}, np.linspace(0, 5, 6), dt=0.005, seed=8)
    assert np.all(run.x.sum(axis=1) == 10_000)
    assert abs(run["A"][-1] - 3000) < 5 * 46


# --- lattice models against theory --------------------------------------------------------------

T = np.geomspace(1, 3000, 25)


def _slope(t, rho, start):
    return np.polyfit(np.log(t[start:]), np.log(rho[start:]), 1)[0]


@pytest.mark.slow
def test_pair_annihilation_in_1d_decays_as_inverse_sqrt_with_the_exact_amplitude():
    """A + A -> 0 with hop rate 1 per particle (D = 1/2): rho = 1 / sqrt(8 pi D t) at late
    times. Averaged over 8 runs of 10^5 sites the amplitude at t = 3000 has a standard error
    of about 0.013 (measured spread of single runs: 0.037); the tolerance 0.04 is three of
    them, and a hop rate counted per neighbour (D = 1) would be off by a factor sqrt(2)."""
    runs = [lat.annihilation(100_000, T, seed=s).density[:, 0] for s in range(8)]
    assert np.mean([_slope(T, rho, 12) for rho in runs]) == pytest.approx(-0.5, abs=0.02)
    amplitude = np.mean([rho[-1] for rho in runs]) * math.sqrt(4 * math.pi * T[-1])
    assert amplitude == pytest.approx(1.0, abs=0.04)


def test_coalescence_in_1d_has_twice_the_density():
    """A + A -> A: rho = 1 / sqrt(2 pi D t), twice the annihilation density; 4 runs of
    5 x 10^4 sites, standard error of the amplitude about 0.009 (tolerance: 3.5 of them)."""
    rho = np.mean([lat.annihilation(50_000, T, coalescence=True, seed=s).density[-1, 0]
                   for s in range(4)])
    assert rho * math.sqrt(math.pi * T[-1]) == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize("rho0", [1.0, 0.5, 0.3])
@pytest.mark.parametrize("coalescence", [False, True])
def test_exact_annihilation_density_solves_the_closed_lattice_equations(rho0, coalescence):
    """The Bessel-series solution against a direct integration of the discrete diffusion
    equation dF_n/dt = F_{n-1} - 2 F_n + F_{n+1}, F_0 = 0 (Glauber correlations or empty
    intervals), with F_n(0) = 1 - (1 - 2 rho0)^n or 1 - (1 - rho0)^n."""
    from scipy.integrate import solve_ivp

    K = 300
    q = 1 - rho0 if coalescence else 1 - 2 * rho0
    F0 = 1 - q ** np.arange(1, K + 1)

    def field(t, F):
        padded = np.concatenate([[0.0], F, [F[-1]]])
        return padded[:-2] - 2 * padded[1:-1] + padded[2:]

    ts = np.array([0.1, 1.0, 5.0, 20.0])
    sol = solve_ivp(field, (0, 20), F0, t_eval=ts, method="DOP853", rtol=1e-11, atol=1e-13)
    rho = sol.y[0] * (1.0 if coalescence else 0.5)
    np.testing.assert_allclose(lat.annihilation_exact(ts, rho0, coalescence), rho, rtol=1e-8)


def test_exact_annihilation_density_from_a_full_line_and_its_long_time_laws():
    from scipy.special import ive

    t = np.array([0.0, 0.3, 2.0, 50.0, 4000.0])
    np.testing.assert_allclose(lat.annihilation_exact(t), ive(0, 2 * t), rtol=1e-12)
    np.testing.assert_allclose(lat.annihilation_exact(t, coalescence=True),
                               ive(0, 2 * t) + ive(1, 2 * t), rtol=1e-12)
    late = float(lat.annihilation_exact(1e5)) * np.sqrt(8 * np.pi * 0.5 * 1e5)
    assert late == pytest.approx(1.0, rel=1e-5)          # (8 pi D t)^(-1/2), D = 1/2
    with pytest.raises(InputError, match="density"):
        lat.annihilation_exact(1.0, density=0.0)


@pytest.mark.parametrize("coalescence", [False, True])
def test_lattice_annihilation_matches_the_exact_density_at_all_times(coalescence):
    """Ten runs of 2 x 10^4 sites from a full line, against the exact density at
    t = 1 ... 1000: every mean within 4.5 standard errors (Student's t with 9 degrees of
    freedom: a 0.1 % tail per time; measured at most 2.6 over 30 times with eight runs of
    10^5). A hop rate per neighbour (D = 1) would be off by 30 %."""
    t = np.array([1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0])
    runs = np.array([lat.annihilation(20_000, t, coalescence=coalescence, seed=s).density[:, 0]
                     for s in range(10)])
    se = runs.std(axis=0, ddof=1) / np.sqrt(len(runs))
    exact = lat.annihilation_exact(t, coalescence=coalescence)
    assert np.all(np.abs(runs.mean(axis=0) - exact) < 4.5 * se + 1e-4 * exact)


def test_two_species_annihilation_in_1d_decays_as_t_to_minus_a_quarter():
    t = np.geomspace(1, 10_000, 25)
    run = lat.two_species_annihilation(100_000, t, seed=3)
    rho = run.density.sum(axis=1)
    assert _slope(t, rho, 15) == pytest.approx(-0.25, abs=0.06)
    # every reaction removes one A and one B: N_A - N_B (zero at the start) is conserved exactly
    assert np.array_equal(run.density[:, 0], run.density[:, 1])


@pytest.mark.slow
def test_contact_process_decays_with_the_directed_percolation_exponent_at_lambda_c():
    """At the literature lambda_c = 3.29785 (Dickman and Jensen 1991) the density of the 1D contact process
    decays as t^-delta with delta = 0.1595 (directed percolation; Jensen 1999). The measured decay pins the
    rate convention too: a birth rate per neighbour instead of per particle would put lambda_c
    at half the value, and the slope here would be near zero."""
    t = np.geomspace(100, 3000, 12)

    def delta(lam):
        rho = np.mean([lat.contact_process(20_000, t, lam, seed=s).density[:, 0]
                       for s in range(4)], axis=0)
        return -np.polyfit(np.log(t), np.log(rho), 1)[0]

    assert delta(lat.CONTACT_PROCESS_LAMBDA_C_1D) == pytest.approx(0.1595, abs=0.015)
    assert delta(3.25) > 0.3                      # subcritical: decays faster, then dies
    below = lat.contact_process(2000, [0.0, 3000.0], 3.1, seed=1).density[-1, 0]
    above = lat.contact_process(2000, [0.0, 3000.0], 3.5, seed=1).density[-1, 0]
    assert below == 0.0 and above > 0.15          # absorbing below, active above


def test_seed_runs_have_an_exact_exponential_clock():
    """Without births a seed dies at rate 1: P(t) = N(t) = exp(-t) exactly. A clock advanced by
    the mean waiting time would keep every seed alive until t = 1 (P(0.5) = 1)."""
    t = np.array([0.25, 0.5, 1.0, 2.0])
    s = lat.contact_process_spreading(1e-12, t, 40_000, seed=1, progress=False)
    p = np.exp(-t)
    np.testing.assert_allclose(s.survival, p, atol=float(4 * np.sqrt(p * (1 - p) / 4e4).max()))
    np.testing.assert_array_equal(s.number, s.survival)         # at most one particle
    assert np.all(s.r2 == 0)


def _effective(s, t_min=10, lag=5):
    from coursekit.analysis import local_slopes

    out = []
    for y, sign in ((s.survival, -1), (s.number, 1), (s.spreading, 1)):
        ls = local_slopes(s.t, y, lag)
        out.append(float(np.mean(sign * ls.slope[ls.x >= t_min])))
    return out


def test_seed_runs_at_lambda_c_follow_the_directed_percolation_exponents():
    """At lambda_c = 3.29785 (birth rate per particle; Dickman and Jensen 1991), P(t) ~ t^-delta,
    N(t) ~ t^theta, R2(t) ~ t^(2/z) with delta, theta, 2/z = 0.1595, 0.3137, 1.2652 (Jensen
    1999). Measured over t = 10..300 with 4000 seeds: 0.151-0.159, 0.313-0.327, 1.245-1.255 over
    three seeds. Below (3.0) the survival exponent is far larger, above (3.6) near zero; a
    birth rate per neighbour would halve the critical point and fail both."""
    t = np.geomspace(1, 300, 26)
    delta, theta, z2 = _effective(lat.contact_process_spreading(
        lat.CONTACT_PROCESS_LAMBDA_C_1D, t, 4000, seed=0, progress=False))
    ref = lat.DP_EXPONENTS_1D
    assert delta == pytest.approx(ref["delta"], abs=0.025)
    assert theta == pytest.approx(ref["theta"], abs=0.04)
    assert z2 == pytest.approx(ref["2/z"], abs=0.05)
    assert _effective(lat.contact_process_spreading(3.0, t, 4000, seed=1, progress=False))[0] > 0.5
    assert _effective(lat.contact_process_spreading(3.6, t, 4000, seed=1, progress=False))[0] < 0.08


def test_spreading_critical_point_brackets_lambda_c_and_is_reproducible_on_any_threads():
    import numba

    t = np.geomspace(1, 300, 26)
    runs = [lat.contact_process_spreading(lam, t, 3000, seed=k, progress=False)
            for k, lam in enumerate([3.25, 3.35])]
    cp = lat.spreading_critical_point(runs, t_min=10, lag=5, n_boot=50, seed=1)
    assert cp.curvature[0] > 0 > cp.curvature[1]          # bends down below, up above
    # t <= 300 leaves corrections to scaling that bias lam_c upwards by about 0.015 here
    # (measured 3.3135 and 3.3139 for two pairs of seeds, intervals 0.04 wide containing
    # 3.29785); a bracket twice as wide biases it by up to 0.04 (interpolation over a curved
    # dependence on lam)
    assert abs(cp.lam_c - lat.CONTACT_PROCESS_LAMBDA_C_1D) < 0.03
    assert cp.lam_c_interval[1] - cp.lam_c_interval[0] < 0.06
    ref = lat.DP_EXPONENTS_1D
    assert cp.exponents["delta"] == pytest.approx(ref["delta"], abs=0.02)
    assert cp.exponents["theta"] == pytest.approx(ref["theta"], abs=0.04)
    assert cp.exponents["2/z"] == pytest.approx(ref["2/z"], abs=0.04)
    before = numba.get_num_threads()
    try:
        numba.set_num_threads(1)
        one = lat.contact_process_spreading(3.25, t, 3000, seed=0, progress=False)
    finally:
        numba.set_num_threads(before)
    np.testing.assert_array_equal(one.count, runs[0].count)
    np.testing.assert_array_equal(one.r2, runs[0].r2)


@pytest.mark.parametrize("call, match", [
    (lambda: lat.contact_process_spreading(3.3, [100.0], 10, L=20, seed=1, progress=False),
     r"edge of the lattice \(20 sites"),
    (lambda: lat.contact_process_spreading(3.3, [100.0], 10, max_events=5, seed=1,
                                           progress=False), "exceeded 5 events"),
    (lambda: lat.contact_process_spreading(3.3, [1e7], 10), "record up to an earlier time"),
    (lambda: lat.spreading_critical_point([], t_min=1), "at least two runs"),
    (lambda: lat.spreading_critical_point(
        [lat.contact_process_spreading(lam, np.geomspace(1, 100, 21), 300, seed=1,
                                       progress=False) for lam in (3.5, 3.7)], t_min=10),
     "do not bracket"),
    (lambda: lat.effective_exponents(lat.contact_process_spreading(
        3.3, [0.0, 1.0, 2.0, 3.0], 10, seed=1, progress=False), t_min=0, lag=1), "drop it"),
    (lambda: lat.annihilation_exact(1e9), "long-time law"),
])
def test_spreading_failures_say_what_to_do(call, match):
    with pytest.raises((InputError, SimulationError), match=match):
        call()


def test_spreading_failure_names_the_time_and_seeds_in_two_dimensions():
    with pytest.raises(SimulationError, match="edge of the lattice") as info:
        lat.contact_process_spreading(3.3, [100.0], 10, L=20, seed=1, progress=False)
    assert info.value.cause == "boundary" and 0 < info.value.t < 100
    # 2D: the seed sits at the centre, R2 counts both coordinates, the default L holds the front
    s = lat.contact_process_spreading(1.6488, [1e-9, 5.0, 20.0], 400, d=2, seed=2,
                                      progress=False)
    assert np.all(s.count[0] == 1) and np.all(s.r2[0] == 0)
    assert s.stats["L"] ** 2 <= lat.MAX_SITES and s.spreading[-1] > s.spreading[1] > 0
    fast = lat.contact_process_spreading(20.0, [7.5, 15.0], 2, d=2, seed=3, progress=False)
    assert np.all(fast.count[-1] > fast.count[0])


def test_lattice_lotka_volterra_and_may_leonard_coexist_and_are_reproducible():
    t = np.arange(0, 201, 20)
    a = lat.lattice_lotka_volterra(64, t, seed=4)
    b = lat.lattice_lotka_volterra(64, t, seed=4)
    assert np.array_equal(a.density, b.density)
    assert np.all(a.density[-1] > 0.05)                      # both species persist
    ml = lat.may_leonard(64, t, snapshots=[200], seed=5)
    assert ml.snapshots.shape == (1, 64, 64)
    assert np.all(ml.density[-1] > 0.1)
    # densities agree with the snapshot at the same time
    snap = ml.snapshots[0]
    assert [np.mean(snap == k) for k in (1, 2, 3)] == pytest.approx(ml.density[-1].tolist())


@pytest.mark.parametrize("call, match", [
    (lambda: lat.annihilation(0, [1.0]), "L must"),
    (lambda: lat.annihilation(10, [1.0], d=3), "d must"),
    (lambda: lat.may_leonard(5000, [1.0]), "at most 16777216 sites"),
    (lambda: lat.annihilation(10, [1.0], p=1.5), "p must"),
    (lambda: lat.contact_process(10, [1.0], lam=-1.0), "lam must"),
    (lambda: lat.annihilation(10, [2.0, 1.0]), "non-decreasing"),
    (lambda: lat.annihilation(10, [1.0], seed=-1), "seed"),
    (lambda: lat.may_leonard(10, [1.0], sigma=0, mu=0, eps=0), "at least one"),
    (lambda: lat.lattice_lotka_volterra(10, [1.0], densities=(0.8, 0.5)), "sum to at most 1"),
])
def test_lattice_bad_input(call, match):
    with pytest.raises(InputError, match=match):
        call()


def test_lattice_lotka_volterra_mean_field_has_a_stable_point_and_an_extinction_threshold():
    """With at most one particle per site the prey have a carrying capacity: the mean-field
    equations have no neutral cycles but a stable coexistence point (negative trace, positive
    determinant), reached through damped oscillations, above lam_c = mu / (1 - mu)."""
    for sigma, mu, lam in [(1.0, 0.1, 1.0), (0.5, 0.1, 0.5), (0.3, 0.4, 0.9), (1.0, 0.05, 0.2)]:
        mf = lat.lattice_lotka_volterra_mean_field(sigma, mu, lam)
        b, a = mf.prey, mf.predator
        eff = (1 - mu) * lam
        assert abs(sigma * b * (1 - a - b) - eff * a * b) < 1e-14      # a fixed point
        assert abs(eff * a * b - mu * a) < 1e-14 and 0 < a and 0 < b < 1
        assert np.all(mf.eigenvalues.real < 0)                          # stable
        assert mf.lam_c == pytest.approx(mu / (1 - mu))
    assert np.iscomplexobj(lat.lattice_lotka_volterra_mean_field(1.0, 0.1, 1.0).eigenvalues)
    below = lat.lattice_lotka_volterra_mean_field(1.0, 0.5, 0.9)        # lam_c = 1
    assert np.isnan(below.predator) and np.isnan(below.prey)


def test_lattice_predators_die_out_below_the_threshold_and_persist_well_above():
    t = np.array([0.0, 400.0])
    dead = lat.lattice_lotka_volterra(64, t, sigma=1.0, mu=0.5, lam=0.5, seed=3)  # MF lam_c = 1
    alive = lat.lattice_lotka_volterra(64, t, sigma=1.0, mu=0.1, lam=1.0, seed=3)
    assert dead.density[-1, 1] == 0.0
    assert alive.density[-1, 1] > 0.05 and alive.density[-1, 0] > 0.05
