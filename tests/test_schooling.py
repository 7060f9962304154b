"""coursekit.schooling: the Couzin model's rules (zones, blind cone, turn limit), its
symmetries, the cell list against the all-pairs reference, reproducibility on any number of
threads, and the four collective states of Couzin et al. (2002) in the (p, m) plane."""

import numba
import numpy as np
import pytest

from coursekit import schooling as S
from coursekit.errors import InputError
from coursekit.schooling import _kernels


def _step(pos, vel, *, r_o=3.0, r_a=3.0, perception=270.0, blind_repulsion=True,
          max_turn=np.pi, noise=None, cells=True, box=0.0, normalise=True, include_self=False,
          noise_first=True):
    n = len(pos)
    noise = np.zeros((n, 2)) if noise is None else noise
    cos_half = np.cos(np.radians(perception) / 2) if perception < 360 else -2.0
    return _kernels.headings(np.asarray(pos, float), np.asarray(vel, float), box, 1.0, r_o, r_a,
                             cos_half, blind_repulsion, max_turn, noise, cells, normalise,
                             include_self, noise_first)


@pytest.mark.parametrize("spread", [1.0, 30.0, "split", "box"])
def test_the_cell_list_step_equals_the_all_pairs_step(spread, rng):
    pos, vel = S.initial_school(300, seed=rng)
    box = 0.0
    if spread == "split":
        pos[150:] += [5e4, 0.0, -2e3]           # two groups far apart: a sparse grid
    elif spread == "box":
        box = 30.0                               # periodic, minimum image across the seams
        pos = np.mod(3 * pos, box)
    else:
        pos *= spread
    kw = dict(r_o=3.0, r_a=9.0, max_turn=0.07, noise=rng.normal(0, 0.05, (300, 2)), box=box)
    np.testing.assert_allclose(_step(pos, vel, **kw), _step(pos, vel, cells=False, **kw),
                               rtol=0, atol=1e-13)
    box = box or None
    a = S.simulate((pos, vel), t_end=5.0, dr_o=2.0, dr_a=6.0, seed=4, box=box)
    b = S.simulate((pos, vel), t_end=5.0, dr_o=2.0, dr_a=6.0, seed=4, box=box,
                   neighbours="all")
    np.testing.assert_allclose(a.x, b.x, atol=1e-9)


def test_aligned_fish_without_noise_stay_aligned_exactly():
    g = 1.5 * np.arange(4.0)
    pos = np.stack(np.meshgrid(g, g, g), axis=-1).reshape(-1, 3)     # spacing 1.5 > r_r
    vel = np.tile([1.0, 0.0, 0.0], (len(pos), 1))
    run = S.simulate((pos, vel), t_end=20.0, dr_o=2.0, dr_a=0.0, noise=0.0, n_times=201)
    assert np.all(run.polarisation == 1.0)
    np.testing.assert_allclose(run.x[-1], pos + [60.0, 0.0, 0.0], atol=1e-12)   # s t = 60


def test_rotating_and_translating_the_school_rotates_and_translates_the_run(rng):
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    rotation = q * np.sign(np.linalg.det(q))                      # a proper rotation
    shift = np.array([7.0, -3.0, 11.0])
    pos, vel = S.initial_school(60, seed=rng)
    kw = dict(t_end=5.0, dr_o=2.0, dr_a=8.0, noise=0.0, n_times=11)
    run = S.simulate((pos, vel), **kw)
    moved = S.simulate((pos @ rotation.T + shift, vel @ rotation.T), **kw)
    np.testing.assert_allclose(moved.x, run.x @ rotation.T + shift, atol=1e-9)
    np.testing.assert_allclose(moved.heading, run.heading @ rotation.T, atol=1e-9)
    np.testing.assert_allclose(moved.polarisation, run.polarisation, atol=1e-12)


@pytest.mark.parametrize("angle, seen", [(130.0, True), (140.0, False)])
def test_the_blind_cone_hides_exactly_the_neighbours_behind(angle, seen):
    """Perception 270 degrees: a neighbour more than 135 degrees off the heading is hidden."""
    a = np.radians(angle)
    pos = [[0.0, 0.0, 0.0], [2.0 * np.cos(a), 2.0 * np.sin(a), 0.0]]   # in the orientation zone
    vel = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    new = _step(pos, vel)[0]
    assert bool(new[2] > 0.99) == seen and bool(np.allclose(new, [1, 0, 0])) != seen
    near = [[0.0, 0.0, 0.0], [0.5 * np.cos(a), 0.5 * np.sin(a), 0.0]]  # in the repulsion zone
    away = _step(near, vel, blind_repulsion=False)[0]
    np.testing.assert_allclose(away, -np.array(near[1]) / 0.5, atol=1e-12)
    hidden = _step(near, vel, blind_repulsion=True)[0]
    assert bool(np.allclose(hidden, away)) == seen


def test_repulsion_has_priority_and_zones_combine_as_stated():
    vel = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    pos = [[0.0, 0.0, 0.0], [0.5, 0.0, 0.0], [2.0, 0.0, 0.0]]       # 1 repels, 2 orients
    np.testing.assert_allclose(_step(pos, vel)[0], [-1.0, 0.0, 0.0], atol=1e-12)
    # two fish orient (both heading +z), one attracts (at +y): normalised, the zones weigh
    # equally, (z + y) / sqrt 2; raw, the two orienting fish weigh double, (2 z + y) / sqrt 5
    pos = [[0.0, 0.0, 0.0], [2.0, 0.0, 0.0], [2.0, 0.5, 0.0], [0.0, 5.0, 0.0]]
    vel = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]
    np.testing.assert_allclose(_step(pos, vel, r_a=9.0)[0], np.array([0, 1, 1]) / np.sqrt(2),
                               atol=1e-12)
    np.testing.assert_allclose(_step(pos, vel, r_a=9.0, normalise=False)[0],
                               np.array([0, 1, 2]) / np.sqrt(5), atol=1e-12)
    # with its own heading (+x) in the orientation sum: (x + 2 z) / sqrt 5 and y, normalised
    with_self = (np.array([1, 0, 2]) / np.sqrt(5) + [0, 1, 0])
    np.testing.assert_allclose(_step(pos, vel, r_a=9.0, include_self=True)[0],
                               with_self / np.linalg.norm(with_self), atol=1e-12)
    alone = [[0.0, 0.0, 0.0], [50.0, 0.0, 0.0]]
    np.testing.assert_array_equal(_step(alone, vel[:2])[0], vel[0])  # nobody in range


def test_the_turn_limit_holds_at_every_step():
    def turns(noise_first):
        run = S.simulate(n_fish=80, t_end=10.0, dr_o=1.0, dr_a=12.0, noise=0.3, n_times=101,
                         seed=5, noise_first=noise_first)
        cos = np.einsum("tij,tij->ti", run.heading[1:], run.heading[:-1])
        return np.arccos(np.clip(cos, -1, 1))

    limit = np.radians(40.0 * 0.1)
    turn = turns(True)
    assert turn.max() <= limit + 1e-12 and turn.max() > 0.9 * limit    # reached, not passed
    assert turns(False).max() > 1.5 * limit                            # noise after the limit


def test_the_noise_is_a_spherically_wrapped_gaussian():
    """Lone fish (nobody within r_a) with no turn limit: the angle between the old and the new
    heading is the length of a 2-D Gaussian of sigma per axis, Rayleigh-distributed."""
    from scipy import stats

    n, sigma = 4000, 0.2
    pos = np.stack([100.0 * np.arange(n), np.zeros(n), np.zeros(n)], axis=1)
    vel = np.tile([0.0, 0.6, 0.8], (n, 1))
    kicks = np.random.default_rng(3).normal(0.0, sigma, (n, 2))
    new = _step(pos, vel, r_a=9.0, noise=kicks)
    angle = np.arccos(np.clip(new @ vel[0], -1, 1))
    np.testing.assert_allclose(angle, np.hypot(kicks[:, 0], kicks[:, 1]), atol=1e-7)
    assert stats.kstest(angle, stats.rayleigh(scale=sigma).cdf).pvalue > 0.01
    side = new - np.outer(new @ vel[0], vel[0])                     # the deflection's direction
    azimuth = np.arctan2(side @ np.cross(vel[0], [1.0, 0, 0]), side @ [1.0, 0, 0])
    assert stats.kstest(azimuth, stats.uniform(-np.pi, 2 * np.pi).cdf).pvalue > 0.01


def test_a_seeded_run_does_not_depend_on_the_recording_times():
    kw = dict(n_fish=60, t_end=3.0, dr_o=2.0, dr_a=8.0, seed=9)
    np.testing.assert_array_equal(S.simulate(n_times=2, **kw).x[-1],
                                  S.simulate(n_times=31, **kw).x[-1])


@pytest.mark.parametrize("state, dr_o, region", [
    ("swarm", 0.0, lambda p, m: p < 0.3 and m < 0.4),
    ("torus", 1.5, lambda p, m: p < 0.3 and m > 0.7),
    ("dynamic parallel", 3.5, lambda p, m: 0.8 < p < 0.97 and m < 0.2),
    ("highly parallel", 10.0, lambda p, m: p > 0.99 and m < 0.2),
])
def test_the_four_collective_states_of_couzin_2002(state, dr_o, region):
    """N = 100 and the paper's parameters, Delta r_a = 14, from random starts: the last third
    of a 300 s run, for three seeds."""
    for seed in (1, 2, 3):
        run = S.simulate(n_fish=100, t_end=300.0, dr_o=dr_o, dr_a=14.0, seed=seed, n_times=301)
        p, m = run.polarisation[-100:].mean(), run.milling[-100:].mean()
        assert region(p, m), (state, seed, p, m)
        together = S.cohesion(run.x[-100::33], link=run.stats["r_a"])
        assert np.all(together.n_groups == 1)                        # one school, not scattered
        assert np.all((together.nearest > 0.5) & (together.nearest < run.stats["r_o"] + 1.0))


def test_seeded_runs_are_bit_identical_on_any_number_of_threads():
    def run(threads, seed=7):
        before = numba.get_num_threads()
        numba.set_num_threads(threads)
        try:
            return S.simulate(n_fish=200, t_end=3.0, dr_o=2.0, dr_a=8.0, seed=seed)
        finally:
            numba.set_num_threads(before)

    one = run(1)
    assert np.array_equal(one.x, run(1).x)
    if numba.config.NUMBA_NUM_THREADS > 1:
        assert np.array_equal(one.x, run(2).x) and np.array_equal(one.heading, run(2).heading)
    assert not np.array_equal(one.x, run(1, seed=8).x)


def test_a_periodic_box_keeps_the_fish_inside_and_small_boxes_use_all_pairs():
    run = S.simulate(n_fish=50, t_end=20.0, dr_o=2.0, dr_a=3.0, box=20.0, seed=2)
    assert run.x.min() >= 0.0 and run.x.max() <= 20.0 and np.all(np.isnan(run.milling))
    assert "cell list" in run.method
    small = S.simulate(n_fish=50, t_end=2.0, dr_o=2.0, dr_a=3.0, box=13.0, seed=2)
    assert "all pairs" in small.method                       # 13 < 3 r_a = 18
    ds = run.to_xarray()
    assert ds["x"].dims == ("t", "fish", "axis") and run.stats["box"] == 20.0


def test_bad_parameters_are_refused_clearly():
    with pytest.raises(InputError, match="r_r"):
        S.simulate(n_fish=5, r_r=0.0)
    with pytest.raises(InputError, match="dr_o"):
        S.simulate(n_fish=5, dr_o=-1.0)
    with pytest.raises(InputError, match="perception"):
        S.simulate(n_fish=5, perception=0.0)
    with pytest.raises(InputError, match="perception"):
        S.simulate(n_fish=5, perception=400.0)
    with pytest.raises(InputError, match="turning_rate"):
        S.simulate(n_fish=5, turning_rate=2000.0)
    with pytest.raises(InputError, match="2 r_a"):
        S.simulate(n_fish=5, box=20.0)                       # r_a = 13
    with pytest.raises(InputError, match="non-zero"):
        S.simulate((np.zeros((2, 3)), np.zeros((2, 3))))
    with pytest.raises(InputError, match=r"shape \(N, 3\)"):
        S.simulate((np.zeros((2, 2)), np.ones((2, 2))))
    with pytest.raises(InputError, match="neighbours"):
        S.simulate(n_fish=5, neighbours="tree")
    with pytest.raises(InputError, match="max_work"):
        S.simulate(n_fish=10_000, t_end=1e5)


@pytest.mark.parametrize("seed", [1, 2])
def test_collective_memory_a_parallel_group_persists_where_a_torus_formed(seed):
    """Couzin et al. (2002), Figs 5-6: up through Delta r_o the torus turns parallel; back
    down, the school stays parallel at Delta r_o = 1 and 2, where it milled on the way up."""
    loop = S.hysteresis([1.0, 2.0, 3.0, 4.0], dr_a=14.0, n_fish=100, t_run=150.0,
                        t_average=50.0, seed=seed)
    assert loop.dr_o.tolist() == [1.0, 2.0, 3.0, 4.0, 3.0, 2.0, 1.0]
    assert np.all(loop.milling[:2] > 0.7) and np.all(loop.polarisation[:2] < 0.3)   # torus
    assert np.all(loop.polarisation[-2:] > 0.8) and np.all(loop.milling[-2:] < 0.3)  # memory
    with pytest.raises(InputError, match="increasing"):
        S.hysteresis([2.0, 1.0], dr_a=14.0)
    with pytest.raises(InputError, match="t_average"):
        S.hysteresis([1.0, 2.0], dr_a=14.0, t_run=10.0, t_average=20.0)
    with pytest.raises(InputError, match="the loop sets it"):
        S.hysteresis([1.0, 2.0], dr_a=14.0, t_end=5.0)


def test_cohesion_counts_groups_and_measures_distances(rng):
    group = rng.normal(0.0, 1.0, (40, 3))
    split = np.vstack([group, group + [100.0, 0.0, 0.0]])
    c = S.cohesion(np.stack([group[:20], split[:20]]), link=3.0)      # two times
    assert c.n_groups.shape == (2,)
    c = S.cohesion(split, link=5.0)
    assert int(c.n_groups) == 2 and float(c.largest) == 0.5
    assert float(c.extent) == pytest.approx(np.max(np.linalg.norm(split - split.mean(0),
                                                                  axis=1)))
    from scipy.spatial.distance import cdist

    d = cdist(group, group) + np.diag(np.full(40, np.inf))
    assert float(S.cohesion(group, link=5.0).nearest) == pytest.approx(d.min(axis=1).mean())
    boxed = S.cohesion([[0.5, 0, 0], [9.5, 0, 0]], link=2.0, box=10.0)  # 1 apart across seam
    assert float(boxed.nearest) == pytest.approx(1.0) and int(boxed.n_groups) == 1
    big = S.cohesion([[0.5, 0, 0], [29.5, 0, 0], [15.0, 0, 0]], link=2.0, box=30.0)
    assert int(big.n_groups) == 2                                     # the cell-list path
    with pytest.raises(InputError, match="two fish"):
        S.cohesion([[0.0, 0.0, 0.0]], link=1.0)


# ---- the seed's entropy metrics ------------------------------------------------------------

def _unit(rng, n):
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


_SEED_NAMES = {"school_cohesion_entropy": "cohesion", "polarization_entropy": "polarisation",
               "depth_stratification_entropy": "depth",
               "angular_momentum_entropy": "angular_momentum",
               "nearest_neighbor_entropy": "nearest_neighbours",
               "velocity_correlation_entropy": "velocity_correlation",
               "school_shape_entropy": "shape", "oceanic_schooling_index": "osi"}


def test_the_entropies_in_a_box_are_the_seeds_to_rounding(rng):
    """In the seed's periodic cube each metric is the one of dewi-kadita 0.0.4 (its own
    functions): a random group, a simulated parallel school, and groups of 1 to 6 fish, where
    the seed's fallbacks apply."""
    metrics = pytest.importorskip("dewi_kadita.core.metrics")
    run = S.simulate(n_fish=60, t_end=30.0, dr_o=10.0, dr_a=14.0, box=60.0, seed=3, n_times=2)
    cases = [(rng.uniform(0.0, 20.0, (80, 3)), _unit(rng, 80), 20.0),
             (run.x[-1], run.heading[-1], 60.0)]
    cases += [(rng.uniform(0.0, 10.0, (n, 3)), _unit(rng, n), 10.0) for n in range(1, 7)]
    for x, v, box in cases:
        theirs = metrics.compute_oceanic_schooling_index(x, v, box)
        ours = S.school_entropy(x, v, box=box)
        for theirs_name, ours_name in _SEED_NAMES.items():
            assert float(getattr(ours, ours_name)) == pytest.approx(
                theirs[theirs_name], rel=1e-12, abs=1e-15), (len(x), ours_name)


def test_aligned_headings_whose_products_round_above_one_are_kept():
    """For this unit heading v (normalising it changes no bit), v.v rounds to 1 + 2^-51 in
    the product of the headings: the seed drops every pair from its histogram (empty: the
    fallback 0.5); the products are clipped, so the alignment entropy of a perfectly aligned
    group is 0."""
    v = np.array([0.5958096122232613, -0.7843772781886242, -0.17252011895362476])
    heading = np.tile(v, (8, 1))
    assert (heading @ heading.T)[0, 1] > 1.0
    x = np.random.default_rng(0).uniform(0.0, 5.0, (8, 3))
    assert float(S.school_entropy(x, heading).velocity_correlation) == 0.0
    metrics = pytest.importorskip("dewi_kadita.core.metrics")
    assert metrics.compute_velocity_correlation_entropy(x, heading, 10.0) == 0.5


def test_isotropic_headings_reach_the_exact_polarisation_entropy(rng):
    """200,000 headings uniform on the sphere: the plug-in entropy is low by Miller's bias
    (K - 1)/(2N) for K bins; corrected, it equals the exact value of infinitely many fish
    (1 for equal-area bins, 0.946 for the seed's sin-weighted ones, where the correction is
    only approximate)."""
    from coursekit.schooling import entropy as E

    n, k = 200_000, 12 * 24
    v = _unit(rng, n)
    for bins, tol in (("equal-area", 3e-4), ("seed", 1.5e-3)):
        h = E._normalised(E._heading_histogram(v, bins))
        exact = S.isotropic_polarisation_entropy(bins)
        assert abs(h + (k - 1) / (2 * n) / np.log(k) - exact) < tol, (bins, h, exact)
    assert S.isotropic_polarisation_entropy("seed") < 0.95        # the seed's never reaches 1
    small = S.school_entropy(rng.normal(size=(500, 3)), v[:500], polarisation_bins="equal-area")
    assert float(small.polarisation) == E._normalised(E._heading_histogram(v[:500], "equal-area"))


def test_shape_aligned_and_milling_entropies_on_exact_configurations():
    octahedron = np.vstack([np.eye(3), -np.eye(3)])                 # isotropic covariance
    square = np.array([[1.0, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]])   # a flat disc
    heading = np.tile([0.6, 0.8, 0.0], (6, 1))
    assert float(S.school_entropy(octahedron, heading).shape) == pytest.approx(1.0, abs=1e-12)
    disc = S.school_entropy(square, heading[:4])
    # ln 2 / ln 3, but for the third eigenvalue, which the seed floors at 1e-10
    assert float(disc.shape) == pytest.approx(np.log(2) / np.log(3), abs=3e-9)
    assert float(disc.velocity_correlation) == 0.0 and float(disc.polarisation) == 0.0
    mill = S.school_entropy(square, [[0, 1.0, 0], [0, -1, 0], [-1, 0, 0], [1, 0, 0]])
    assert float(mill.angular_momentum) == 0.0                      # all |r x v| = 1
    weights = np.array(list(S.OSI_WEIGHTS.values()))
    assert weights.sum() == pytest.approx(1.0)
    values = [float(getattr(mill, name)) for name in S.OSI_WEIGHTS]
    assert float(mill.osi) == pytest.approx(np.dot(weights, values), abs=1e-15)


def test_entropies_of_a_run_have_its_time_axis_and_refuse_bad_input(rng):
    run = S.simulate(n_fish=30, t_end=5.0, seed=1, n_times=4)
    e = S.school_entropy(run.x, run.heading)
    assert e.osi.shape == (4,) and np.all((e.osi > 0) & (e.osi < 1))
    again = S.school_entropy(run.x[2], run.heading[2])
    assert float(again.osi) == e.osi[2]
    with pytest.raises(InputError, match="unit vectors"):
        S.school_entropy(run.x[0], 2 * run.heading[0])
    with pytest.raises(InputError, match="not given with box"):
        S.school_entropy(run.x[0], run.heading[0], box=50.0, scale=10.0)
    with pytest.raises(InputError, match="polarisation_bins"):
        S.school_entropy(run.x[0], run.heading[0], polarisation_bins="uniform")
