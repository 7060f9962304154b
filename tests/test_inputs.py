"""Bad input gets a clear InputError, never a wrong answer: property tests over every public
function of the subjects, the analysis toolkit, the systems and the numerics.

For each function a valid call is given; hypothesis then replaces one argument at a time by a
value drawn from a strategy of bad values for that argument (NaN, infinities, strings, None,
booleans, wrong shapes, out-of-range numbers) and checks that the call raises
:class:`coursekit.errors.InputError` whose message names the argument. The valid call itself
must succeed, so every table entry is also a smoke test.
"""

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursekit import analysis as A
from coursekit import plot
from coursekit import solitons as S
from coursekit import systems as Y
from coursekit.errors import InputError
from coursekit.kinetics import (
    ReactionNetwork,
    gillespie,
    gillespie_ensemble,
    logistic_network,
    parse_reaction,
    tau_leap,
)
from coursekit.kinetics import lattice as lat
from coursekit.numerics import ode, spectral
from coursekit.population import (
    CompetitiveLotkaVolterra,
    LotkaVolterra,
    classify_equilibrium,
    gause,
    leslie,
    period,
    simulate,
    simulate_noisy,
)

# --- strategies of bad values ---------------------------------------------------------------

NOT_A_NUMBER = st.sampled_from([float("nan"), float("inf"), -float("inf"), "1.0", None, True,
                                [1.0, 2.0], {"a": 1}])
NOT_POSITIVE = NOT_A_NUMBER | st.sampled_from([0.0, -1.0, -1e-300]) | st.floats(max_value=0.0)
NEGATIVE = NOT_A_NUMBER | st.floats(max_value=-1e-9, allow_nan=False, allow_infinity=False)
NOT_A_PROBABILITY = NOT_A_NUMBER | st.sampled_from([-0.1, 1.5, 2.0])
NOT_AN_INTEGER = st.sampled_from([2.5, "3", None, True, float("nan"), [1, 2]])


def below(minimum):
    return NOT_AN_INTEGER | st.integers(max_value=minimum - 1)


NOT_TIMES = st.sampled_from([[0.0, -1.0], [1.0, 0.5], [0.0, np.nan], "abc", [[0.0, 1.0]], []])
NOT_A_SERIES = st.sampled_from([[1.0, np.nan, 2.0, 3.0], "abc", None, [[1.0, 2.0], [3.0, 4.0]],
                                [1.0, np.inf, 2.0, 3.0]])
NOT_A_SEED = st.sampled_from([-1, 1.5, "seed", True, [1, 2], {"s": 1}])


def not_a_state(n):
    """Bad states of length ``n`` (None is not among them: it means "the default" for x0)."""
    return st.sampled_from([[np.nan] * n, [1.0] * (n + 1), "x", [np.inf] * n, [[1.0] * n]])


def one_of_text(*valid):
    return st.sampled_from(["nope", None, 3, "".join(valid)[:0] + "RK4!"])


# --- the table: name -> (function, valid keyword arguments, {argument: bad values}) ----------

NET = ReactionNetwork.parse("0 -> A @ 10; A -> 0 @ 1")
SERIES = np.sin(np.linspace(0, 40, 800)) + 0.1 * np.cos(np.linspace(0, 97, 800))
GRID = S.periodic_grid(64, -15.0, 15.0)
U0 = S.soliton(GRID, 0.0, c=4.0)
LX = leslie.leslie_matrix([0.0, 1.5, 1.0], [0.5, 0.8])
TRUE = dict(g_aurelia=0.8, g_caudatum=0.6, K_aurelia=500.0, K_caudatum=200.0, a_ac=1.5,
            a_ca=0.4)

CASES = {
    # systems
    "lorenz": (Y.lorenz, {}, {"sigma": NOT_A_NUMBER, "rho": NOT_A_NUMBER}),
    "lotka_volterra": (Y.lotka_volterra, {}, {"alpha": NOT_POSITIVE, "delta": NOT_POSITIVE}),
    "competitive": (Y.competitive_lotka_volterra, {}, {"K1": NOT_POSITIVE, "a12": NEGATIVE}),
    "logistic": (Y.logistic, {}, {"r": NOT_A_NUMBER | st.sampled_from([-0.1, 4.5])}),
    "systems.simulate": (Y.simulate, {"system": Y.lorenz(), "t_end": 0.1, "dt": 0.01},
                         {"t_end": NOT_POSITIVE, "dt": NOT_POSITIVE, "x0": not_a_state(3),
                          "transient": NEGATIVE, "t_eval": NOT_TIMES,
                          "system": st.sampled_from(["lorenz", None, Y.henon()])}),
    "systems.iterate": (Y.iterate, {"system": Y.henon(), "n_steps": 5},
                        {"n_steps": below(1), "x0": not_a_state(2), "transient": below(0),
                         "system": st.sampled_from([Y.lorenz(), None])}),
    "rossler": (Y.rossler, {}, {"a": NOT_A_NUMBER, "c": NOT_A_NUMBER}),
    "duffing": (Y.duffing, {}, {"delta": NOT_A_NUMBER, "omega": NOT_A_NUMBER}),
    "henon": (Y.henon, {}, {"a": NOT_A_NUMBER, "b": NOT_A_NUMBER}),
    "System.jacobian": (Y.lorenz().jacobian, {"x": [1.0, 2.0, 3.0]},
                        {"x": st.sampled_from([[1.0, 2.0], "abc", None, [np.nan, 1.0, 1.0]])}),
    "System.state": (Y.lorenz().state, {"x0": [1.0, 2.0, 3.0]},
                     {"x0": st.sampled_from([[1.0, 2.0], "abc", [np.inf, 1.0, 1.0]])}),
    "System.rhs": (Y.lorenz().rhs, {"x": [1.0, 2.0, 3.0]}, {"x": st.sampled_from(
        [[1.0, 2.0], "abc", None])}),
    # numerics
    "periodic_grid": (spectral.periodic_grid, {"N": 16, "x_min": 0.0, "x_max": 1.0},
                      {"N": below(8) | st.sampled_from([9, 15]), "x_min": NOT_A_NUMBER,
                       "x_max": NOT_A_NUMBER | st.sampled_from([0.0, -1.0])}),
    "grid_length": (spectral.grid_length, {"grid": GRID},
                    {"grid": st.sampled_from([np.sort(np.random.default_rng(0).uniform(size=64)),
                                              [1.0, 1.0, 1.0], [np.nan] * 4, "x", [[0.0, 1.0]],
                                              [2.0, 1.0, 0.0, -1.0]])}),
    "wavenumbers": (spectral.wavenumbers, {"N": 8, "length": 1.0},
                    {"N": below(2), "length": NOT_POSITIVE}),
    "dealias_mask": (spectral.dealias_mask, {"k": np.arange(5.0)},
                     {"fraction": NOT_A_NUMBER | st.sampled_from([0.0, 1.5])}),
    "derivative": (spectral.derivative, {"u": np.sin(GRID), "length": 30.0},
                   {"u": NOT_A_SERIES, "length": NOT_POSITIVE, "order": below(0)}),
    "etdrk4_coefficients": (spectral.etdrk4_coefficients, {"L": np.zeros(3), "h": 0.1},
                            {"h": NOT_POSITIVE, "M": below(4)}),
    "integrating_factor": (spectral.integrating_factor, {"L": np.zeros(3), "h": 0.1},
                           {"h": NOT_POSITIVE}),
    "cfl_limit": (spectral.cfl_limit, {"max_frequency": 1.0, "bound": 2.0},
                  {"max_frequency": NOT_POSITIVE, "bound": NOT_POSITIVE}),
    "locate_peaks": (spectral.locate_peaks, {"grid": GRID, "u": U0, "n_peaks": 1},
                     {"u": not_a_state(64), "n_peaks": below(1), "upsample": below(1)}),
    "step_plan": (ode.step_plan, {"t_eval": np.array([0.0, 1.0]), "dt": 0.1},
                  {"t_eval": NOT_TIMES, "dt": NOT_POSITIVE}),
    # analysis
    "permutation_entropy": (A.permutation_entropy, {"x": SERIES},
                            {"x": NOT_A_SERIES, "order": below(2) | st.just(11),
                             "delay": below(1)}),
    "complexity_entropy": (A.complexity_entropy, {"x": SERIES},
                           {"x": NOT_A_SERIES, "order": below(2), "delay": below(1)}),
    "ordinal_distribution": (A.ordinal_distribution, {"x": SERIES},
                             {"x": NOT_A_SERIES, "order": below(2) | st.just(11),
                              "delay": below(1)}),
    "first_minimum_delay": (A.first_minimum_delay, {"s": SERIES, "max_lag": 50},
                            {"s": NOT_A_SERIES, "max_lag": below(1), "bins": below(2)}),
    "complexity_entropy_curves": (A.complexity_entropy_curves, {"order": 3},
                                  {"order": below(2) | st.just(7), "n": below(2)}),
    "pattern_timescale": (A.pattern_timescale, {"delay": 2, "dt": 0.1},
                          {"delay": below(1), "dt": NOT_POSITIVE, "order": below(2)}),
    "natural_timescale": (A.natural_timescale, {"t": np.arange(800.0), "x": SERIES},
                          {"x": NOT_A_SERIES, "t": NOT_A_SERIES}),
    "sampling_scan": (A.sampling_scan, {"t": np.arange(800.0), "x": SERIES, "delays": [1, 2]},
                      {"x": NOT_A_SERIES, "order": below(2),
                       "delays": st.sampled_from([[1, np.inf], [2.5], "abc", [[1, 2]], [0]])}),
    "entropy": (A.entropy, {"samples": SERIES},
                {"samples": NOT_A_SERIES, "kind": one_of_text(),
                 "method": one_of_text()}),
    "entropy.q": (A.entropy, {"samples": SERIES, "kind": "renyi"},
                  {"q": NOT_POSITIVE | st.just(1.0)}),
    "gaussian_entropy": (A.gaussian_entropy, {"sigma": 1.0},
                         {"sigma": NOT_POSITIVE, "kind": one_of_text()}),
    "recurrence_matrix": (A.recurrence_matrix, {"x": SERIES[:100], "eps": 0.1},
                          {"x": st.sampled_from([[1.0, np.nan], "abc", [[[1.0]]], [1.0]]),
                           "eps": NOT_POSITIVE, "theiler": below(0)}),
    "recurrence_quantification": (A.recurrence_quantification, {"x": SERIES[:100], "eps": 0.1},
                                  {"eps": NOT_POSITIVE, "l_min": below(1), "v_min": below(1)}),
    "delay_embed": (A.delay_embed, {"s": SERIES, "dim": 3, "delay": 2},
                    {"s": NOT_A_SERIES, "dim": below(1), "delay": below(1)}),
    "mutual_information": (A.mutual_information, {"s": SERIES, "max_lag": 10},
                           {"max_lag": below(0) | st.just(400), "bins": below(2)}),
    "false_nearest_neighbours": (A.false_nearest_neighbours, {"s": SERIES, "delay": 5,
                                                              "max_dim": 2},
                                 {"delay": below(1), "max_dim": below(1), "rtol": NOT_POSITIVE,
                                  "theiler": below(0)}),
    "embedding_dimension": (A.embedding_dimension, {"s": SERIES, "delay": 20},
                            {"threshold": NOT_A_NUMBER | st.sampled_from([0.0, 1.0])}),
    "lyapunov_spectrum": (A.lyapunov_spectrum, {"system": Y.lorenz(), "t_end": 1.0},
                          {"t_end": NOT_POSITIVE.filter(lambda v: v is not None),
                           "dt": NOT_POSITIVE.filter(lambda v: v is not None),   # None: default
                           "renorm": below(1),
                           "k": below(1).filter(lambda v: v is not None) | st.just(4), "x0": not_a_state(3),
                           "transient": NEGATIVE.filter(lambda v: v is not None),
                           "system": st.just("lorenz")}),
    "lyapunov_from_series": (A.lyapunov_from_series, {"s": SERIES, "dt": 0.05, "dim": 2,
                                                      "delay": 5, "max_steps": 20},
                             {"dt": NOT_POSITIVE, "max_steps": below(2), "dim": below(1),
                              "s": NOT_A_SERIES}),
    "kaplan_yorke": (A.kaplan_yorke, {"exponents": [0.9, 0.0, -14.0]},
                     {"exponents": NOT_A_SERIES | st.just([])}),
    "power_law_fit": (A.power_law_fit, {"x": np.arange(1.0, 20.0), "y": np.arange(1.0, 20.0),
                                        "seed": 1},
                      {"y": NOT_A_SERIES, "n_boot": below(10), "seed": NOT_A_SEED,
                       "confidence": NOT_A_NUMBER | st.sampled_from([0.0, 1.0, 1.5])}),
    "local_slopes": (A.local_slopes, {"x": [1.0, 2.0], "y": [1.0, 4.0]},
                     {"y": NOT_A_SERIES | st.just([1.0, -4.0])}),
    "family_vicsek_collapse": (A.family_vicsek_collapse,
                               {"sizes": [8, 16], "times": [[1.0, 2.0]] * 2,
                                "widths": [[1.0, 2.0]] * 2, "alpha": 0.5, "z": 0.0},
                               {"alpha": NOT_A_NUMBER, "z": NOT_A_NUMBER,
                                "sizes": st.sampled_from([[8], [-8, 16]])}),
    # kinetics
    "parse_reaction": (parse_reaction, {"line": "A -> B @ 1"},
                       {"line": st.sampled_from(["A -> B", "A -> B @ -1", "A -> B @ x",
                                                 "2.5A -> B @ 1", None, 3])}),
    "ReactionNetwork.parse": (ReactionNetwork.parse, {"text": "A -> 0 @ 1"},
                              {"text": st.sampled_from(["", "A -> 0", None])}),
    "logistic_network": (logistic_network, {"birth": 1.0, "death": 0.5, "competition": 1.0,
                                            "size": 100.0},
                         {"birth": NEGATIVE, "size": NOT_POSITIVE}),
    "ReactionNetwork.solve_rate_equations": (
        NET.solve_rate_equations, {"x0": [0.0], "t_end": 1.0},
        {"x0": st.sampled_from([[-1.0], [np.nan], [0.0, 1.0], {"B": 1.0}]),
         "t_end": NOT_POSITIVE, "t_eval": NOT_TIMES}),
    "ReactionNetwork.propensities": (NET.propensities, {"n": [3]},
                                     {"n": st.sampled_from([[-1], [1, 2], "x", [np.nan]])}),
    "ReactionNetwork.state": (NET.state, {"x0": {"A": 2}},
                              {"x0": st.sampled_from([{"B": 1}, [1.5], [-2], [1, 2]])}),
    "gillespie": (gillespie, {"network": NET, "x0": [0], "t_end": 1.0, "seed": 1},
                  {"x0": st.sampled_from([[-1], [0.5], [0, 0], "x", {"B": 1}]),
                   "t_end": NOT_POSITIVE, "seed": NOT_A_SEED, "max_events": below(1),
                   "t_eval": NOT_TIMES, "network": st.just("0 -> A @ 1")}),
    "gillespie_ensemble": (gillespie_ensemble, {"network": NET, "x0": [0],
                                                "t_eval": [0.0, 1.0], "n_runs": 3, "seed": 1},
                           {"n_runs": below(1), "t_eval": NOT_TIMES, "seed": NOT_A_SEED}),
    "tau_leap": (tau_leap, {"network": NET, "x0": [0], "t_eval": [0.0, 1.0], "dt": 0.1,
                            "seed": 1},
                 {"dt": NOT_POSITIVE, "t_eval": NOT_TIMES, "seed": NOT_A_SEED}),
    "annihilation": (lat.annihilation, {"L": 20, "t_eval": [0.0, 1.0], "seed": 1},
                     {"L": below(2), "d": st.sampled_from([0, 3, 1.5]),
                      "density": NOT_A_PROBABILITY, "p": NOT_A_PROBABILITY,
                      "t_eval": NOT_TIMES, "seed": NOT_A_SEED}),
    "two_species_annihilation": (lat.two_species_annihilation,
                                 {"L": 20, "t_eval": [0.0, 1.0], "seed": 1},
                                 {"L": below(2), "density": NOT_A_PROBABILITY,
                                  "p": NOT_A_PROBABILITY, "t_eval": NOT_TIMES,
                                  "seed": NOT_A_SEED}),
    "contact_process": (lat.contact_process, {"L": 20, "t_eval": [0.0, 1.0], "lam": 3.0,
                                              "seed": 1},
                        {"lam": NEGATIVE,
                         "snapshots": st.sampled_from([[1.0, -1.0], [2.0, 1.0], "abc", [np.nan]])}),
    "lattice_lotka_volterra": (lat.lattice_lotka_volterra, {"L": 8, "t_eval": [0.0, 1.0],
                                                            "seed": 1},
                               {"sigma": NOT_A_PROBABILITY, "mu": NOT_A_PROBABILITY,
                                "densities": st.sampled_from([[0.8, 0.5], [-0.1, 0.2], "x"]),
                                "initial": st.sampled_from([np.full((8, 8), 3),
                                                            np.zeros((4, 4))])}),
    "may_leonard": (lat.may_leonard, {"L": 8, "t_eval": [0.0, 1.0], "seed": 1},
                    {"sigma": NEGATIVE, "eps": NEGATIVE}),
    # population
    "LotkaVolterra": (LotkaVolterra, {}, {"alpha": NOT_POSITIVE, "gamma": NOT_POSITIVE}),
    "CompetitiveLotkaVolterra": (CompetitiveLotkaVolterra, {},
                                 {"r1": NOT_POSITIVE, "a21": NEGATIVE}),
    "population.simulate": (simulate, {"model": LotkaVolterra(), "x0": [6.0, 2.0],
                                       "t_end": 0.1},
                            {"x0": not_a_state(2) | st.just([-1.0, 2.0]),
                             "t_end": NOT_POSITIVE, "dt": NOT_POSITIVE | st.just(5.0),
                             "method": one_of_text(), "model": st.just("lv")}),
    "simulate_noisy": (simulate_noisy, {"model": LotkaVolterra(), "x0": [6.0, 2.0],
                                        "t_end": 0.1, "sigma": 0.1, "seed": 1},
                       {"sigma": NEGATIVE, "n_paths": below(1), "seed": NOT_A_SEED,
                        "x0": st.just([0.0, 2.0])}),
    "LotkaVolterra.conserved_quantity": (LotkaVolterra().conserved_quantity, {"x": [6.0, 2.0]},
                                         {"x": st.sampled_from([[0.0, 2.0], [-1.0, 2.0],
                                                                [np.nan, 1.0], "x"])}),
    "period": (period, {"model": LotkaVolterra(), "amplitude": 0.5},
               {"amplitude": st.sampled_from([0.0, -1.0, np.nan, np.inf, "1.0", True, None,
                                              [0.5, -0.5]]),
                "dt": NOT_POSITIVE.filter(lambda v: v is not None) | st.just(10.0),
                "model": st.just(CompetitiveLotkaVolterra())}),
    "classify_equilibrium": (classify_equilibrium, {"jacobian": np.eye(2)},
                             {"jacobian": st.sampled_from([np.eye(3), [[np.nan, 0], [0, 1]]]),
                              "tol": NEGATIVE}),
    "leslie_matrix": (leslie.leslie_matrix, {"fecundity": [0.0, 1.0], "survival": [0.5]},
                      {"fecundity": st.sampled_from([[-1.0, 1.0], [np.nan, 1.0], [], "x"]),
                       "survival": st.sampled_from([[1.5], [-0.5], [0.5, 0.5], "x"])}),
    "analyse": (leslie.analyse, {"L": LX},
                {"L": st.sampled_from([-LX, np.ones((2, 3)), LX * np.nan, np.zeros((3, 3))])}),
    "project": (leslie.project, {"M": LX, "x0": [1.0, 0.0, 0.0], "n_steps": 2},
                {"n_steps": below(0), "x0": not_a_state(3)}),
    "coupled": (leslie.coupled, {"Lx": LX, "Ly": LX[:2, :2], "xy": np.zeros((3, 2)),
                                 "yx": np.zeros((2, 3))},
                {"xy": st.sampled_from([np.zeros((2, 2)), np.full((3, 2), np.nan), "x"]),
                 "Ly": st.sampled_from([np.ones((2, 3)), [[np.inf]]])}),
    "approximate_growth_factor": (leslie.approximate_growth_factor,
                                  {"Lx": LX, "Ly": LX[:2, :2], "xy": np.zeros((3, 2)),
                                   "yx": np.zeros((2, 3))},
                                  {"yx": st.sampled_from([np.zeros((3, 3)), "x"])}),
    "growth_factor": (leslie.growth_factor, {"M": LX},
                      {"M": st.sampled_from([np.ones((2, 3)), "x", [[np.inf]]])}),
    "dominant_species": (leslie.dominant_species, {"M": LX, "m": 1},
                         {"m": below(1) | st.just(3)}),
    "euler_lotka": (leslie.euler_lotka, {"fecundity": [0.0, 1.0], "survival": [0.5],
                                         "growth_factor": 1.0},
                    {"growth_factor": NOT_POSITIVE}),
    "gause.trajectories": (gause.trajectories, {"model": "leslie_gower", "theta": np.zeros(6),
                                                "n_days": 3},
                           {"model": one_of_text(), "theta": not_a_state(6),
                            "n_days": below(1)}),
    "gause.fit": (gause.fit, {"model": "leslie_gower"},
                  {"model": one_of_text(), "backend": one_of_text(), "n_boot": below(0),
                   "confidence": NOT_A_PROBABILITY | st.sampled_from([0.0, 1.0]),
                   "theta0": not_a_state(6), "data": st.sampled_from([0, "x", {}]),
                   "block": below(1) | st.integers(25, 10**6)}),
    "gause.residuals": (gause.residuals, {"model": "leslie_gower", "theta": np.zeros(6),
                                          "data": gause.load()},
                        {"theta": not_a_state(6), "model": one_of_text(),
                         "data": st.sampled_from([0, "x", np.zeros(3)])}),
    "gause.synthetic": (gause.synthetic, {"model": "leslie_gower", "params": TRUE, "seed": 1},
                        {"sigma": NEGATIVE, "n_days": below(2), "seed": NOT_A_SEED,
                         "params": st.just({"g_aurelia": 1.0})}),
    # solitons
    "soliton": (S.soliton, {"x": GRID, "t": 0.0, "c": 1.0},
                {"c": NOT_POSITIVE, "t": NOT_A_NUMBER, "b": NOT_POSITIVE,
                 "a": NOT_A_NUMBER | st.just(0.0)}),
    "two_soliton": (S.two_soliton, {"x": GRID, "t": 0.0, "k1": 2.0, "k2": 1.0},
                    {"k1": NOT_POSITIVE | st.just(0.5), "k2": NOT_POSITIVE}),
    "phase_shifts": (S.phase_shifts, {"k1": 2.0, "k2": 1.0}, {"k2": NOT_POSITIVE | st.just(3.0)}),
    "solitons.simulate": (S.simulate, {"x0": U0, "grid": GRID, "t_end": 0.01, "dt": 1e-3},
                          {"x0": not_a_state(64), "t_end": NOT_POSITIVE,
                           "dt": NOT_POSITIVE | st.just(1.0), "method": one_of_text(),
                           "rtol": NOT_POSITIVE, "grid": st.just(np.arange(63.0))}),
    "perturbed": (S.perturbed, {"u0": U0, "amplitude": 0.01, "seed": 1},
                  {"amplitude": NEGATIVE, "modes": below(1), "seed": NOT_A_SEED}),
    # presentation
    "figure": (plot.figure, {}, {"width": NOT_POSITIVE, "nrows": below(1)}),
}

PAIRS = [(name, arg) for name, (_, _, bad) in CASES.items() for arg in bad]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_valid_call_works(name):
    func, kwargs, _ = CASES[name]
    func(**kwargs)


@pytest.mark.parametrize("name, arg", PAIRS, ids=[f"{n}-{a}" for n, a in PAIRS])
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_bad_argument_raises_an_input_error_that_names_it(name, arg, data):
    func, kwargs, bad = CASES[name]
    value = data.draw(bad[arg], label=arg)
    with pytest.raises(InputError) as info:
        func(**{**kwargs, arg: value})
    message = str(info.value)
    assert message and message[0].isascii()
    # the argument is named as the subject of the requirement ("dt must be ..."), not just
    # somewhere in the text (the value echoed after "got", or the article "a", would pass)
    said = message.split("; got ")[0]
    named = re.search(rf"(^|[\s(:,]){re.escape(arg)}(\[\d+\])?(\)|,| must\b| and\b| or\b| =)",
                      said)
    assert named or arg in ("system", "model", "network", "line", "text", "grid", "sizes",
                            "initial", "params", "L", "M"), message


# --- work and memory: a huge size is refused up front, naming the keyword that allows it ------

HUGE = st.floats(min_value=1e12, max_value=1e300)
LATE = st.builds(lambda t: [0.0, t], HUGE)
MANY = st.integers(min_value=10**12, max_value=10**18)
TINY = st.floats(min_value=1e-300, max_value=1e-12)

BUDGET = {
    "gillespie_ensemble": (gillespie_ensemble, {"network": NET, "x0": [0], "t_eval": [0.0, 1.0],
                                                "n_runs": 3, "seed": 1}, {"n_runs": MANY}),
    "tau_leap": (tau_leap, {"network": NET, "x0": [0], "t_eval": [0.0, 1.0], "dt": 0.1},
                 {"dt": TINY, "t_eval": LATE}),
    "annihilation": (lat.annihilation, {"L": 20, "t_eval": [0.0, 1.0]},
                     {"t_eval": LATE, "snapshots": st.builds(lambda t: [t], HUGE)}),
    "two_species_annihilation": (lat.two_species_annihilation, {"L": 20, "t_eval": [0.0, 1.0]},
                                 {"t_eval": LATE}),
    "contact_process": (lat.contact_process, {"L": 20, "t_eval": [0.0, 1.0], "lam": 3.0},
                        {"lam": HUGE, "t_eval": LATE}),
    "lattice_lotka_volterra": (lat.lattice_lotka_volterra, {"L": 8, "t_eval": [0.0, 1.0]},
                               {"t_eval": LATE, "snapshots": st.builds(lambda t: [t], HUGE)}),
    "may_leonard": (lat.may_leonard, {"L": 8, "t_eval": [0.0, 1.0]}, {"t_eval": LATE}),
    "solitons.simulate": (S.simulate, {"x0": U0, "grid": GRID, "t_end": 0.01, "dt": 1e-3},
                          {"t_end": HUGE, "dt": TINY}),
    "simulate_noisy": (simulate_noisy, {"model": LotkaVolterra(), "x0": [6.0, 2.0],
                                        "t_end": 0.1, "sigma": 0.1},
                       {"t_end": HUGE, "n_paths": MANY}),
    "systems.simulate": (Y.simulate, {"system": Y.lorenz(), "t_end": 0.1},
                         {"t_end": HUGE, "dt": TINY, "transient": HUGE}),
    "systems.iterate": (Y.iterate, {"system": Y.henon(), "n_steps": 5},
                        {"n_steps": MANY, "transient": MANY}),
    "recurrence_quantification": (A.recurrence_quantification, {"x": SERIES[:100], "eps": 0.1},
                                  {"max_work": st.floats(min_value=1.0, max_value=9e3)}),
    "lyapunov_spectrum": (A.lyapunov_spectrum, {"system": Y.lorenz(), "t_end": 1.0},
                          {"t_end": HUGE, "dt": TINY, "transient": HUGE}),
    "lyapunov_spectrum (map)": (A.lyapunov_spectrum, {"system": Y.henon(), "n_steps": 10},
                                {"n_steps": MANY}),
    "population.simulate": (simulate, {"model": LotkaVolterra(), "x0": [6.0, 2.0],
                                       "t_end": 0.1}, {"t_end": HUGE}),
    "population.simulate (scipy)": (simulate, {"model": LotkaVolterra(), "x0": [6.0, 2.0],
                                               "t_end": 0.1, "method": "scipy"},
                                    {"t_end": HUGE}),
    "period": (period, {"model": LotkaVolterra(), "amplitude": 0.5},
               {"dt": st.floats(min_value=1e-300, max_value=1e-9)}),
    "project": (leslie.project, {"M": LX, "x0": [1.0, 0.0, 0.0], "n_steps": 2},
                {"n_steps": MANY}),
}
BUDGET_PAIRS = [(name, arg) for name, (_, _, bad) in BUDGET.items() for arg in bad]


@pytest.mark.parametrize("name, arg", BUDGET_PAIRS, ids=[f"{n}-{a}" for n, a in BUDGET_PAIRS])
@settings(max_examples=8, deadline=2000, derandomize=True)
@given(data=st.data())
def test_a_run_too_large_is_refused_at_once_naming_the_way_on(name, arg, data):
    """Not after hours: before the first step (hypothesis's deadline is 2 s per call)."""
    import inspect

    func, kwargs, bad = BUDGET[name]
    with pytest.raises(InputError, match=r"(max_work|max_memory)=\S+ if") as info:
        func(**{**kwargs, arg: data.draw(bad[arg], label=arg)})
    keyword = re.search(r"(max_work|max_memory)=\S+ if", str(info.value)).group(1)
    assert keyword in inspect.signature(func).parameters      # the way on exists


@settings(max_examples=200, deadline=None)
@given(work=st.floats(min_value=1e10, max_value=1e300, exclude_min=True),
       memory=st.floats(min_value=1.0, max_value=1e300))
def test_the_ceiling_a_refusal_suggests_lets_that_run_through(work, memory):
    """The suggested max_work / max_memory is rounded up, never down (1.23e10 -> 1.3e10)."""
    from coursekit import _budget

    with pytest.raises(InputError) as info:
        _budget.check("run", work=work)
    suggested = float(re.search(r"max_work=(\S+) if", str(info.value)).group(1))
    _budget.check("run", work=work, max_work=suggested)
    if memory > _budget.MAX_MEMORY:
        with pytest.raises(InputError) as info:
            _budget.check("run", memory=memory)
        _budget.check("run", memory=memory, max_memory=float(
            re.search(r"max_memory=(\S+) if", str(info.value)).group(1)))
    _budget.check("run", work=work, memory=memory, max_work=float("inf"),
                  max_memory=float("inf"))
