r"""Mass-action reaction networks, written the way chemists write them.

A network is a list of reactions ``"A + B -> 2 B @ 0.01"``: reactants, ``->``, products, ``@``
and the stochastic rate constant :math:`c`. The empty side is written ``0`` or ``∅``. In a state
with copy numbers :math:`n_s` a reaction with reactant coefficients :math:`\nu_s` fires with
propensity (Gillespie's convention; the number of distinct reactant combinations)

.. math::

    a(n) = c \prod_s \binom{n_s}{\nu_s},

so ``A + A -> 0 @ c`` has :math:`a = c\,n(n - 1)/2`. The **rate equations** (mean field, large
copy numbers) follow by replacing the falling factorials by powers:

.. math::

    \frac{dx_s}{dt} = \sum_r (\nu'_{rs} - \nu_{rs})\, c_r \prod_{s'} \frac{x_{s'}^{\nu_{rs'}}}{\nu_{rs'}!},

with :math:`\nu'` the product coefficients. Both use copy numbers, not concentrations; for a
system of size :math:`\Omega` a bimolecular rate constant scales as :math:`k/\Omega`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from coursekit import _validate as V
from coursekit import errors
from coursekit._results import Trajectory
from coursekit.errors import InputError, SimulationError

__all__ = ["MAX_COUNT", "MAX_ORDER", "Reaction", "ReactionNetwork", "logistic_network", "parse_reaction"]

#: Largest initial copy number: the largest integer a float64 holds exactly (2**53). During a
#: run, counts live in 64-bit integers; a count that would pass 2**62 stops the run with
#: :class:`~coursekit.errors.SimulationError` (cause ``"overflow"``), never a wrap-around.
MAX_COUNT = 2**53
#: Largest reactant coefficient: the propensity's binomial costs one step per unit of it.
MAX_ORDER = 1000

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TERM = re.compile(r"^(\d*)\s*([A-Za-z_][A-Za-z0-9_]*)$")
_EMPTY = {"0", "∅", ""}


@dataclass(frozen=True)
class Reaction:
    """One reaction: reactant and product coefficients by species, and its rate constant.

    Parameters
    ----------
    reactants, products : tuple of (str, int)
        ``(species, coefficient)`` pairs.
    rate : float
        The stochastic rate constant ``c`` (Gillespie's convention, see the module docstring).

    Examples
    --------
    >>> print(Reaction((("A", 2),), (), 0.5))
    2A -> 0 @ 0.5
    """

    reactants: tuple[tuple[str, int], ...]
    products: tuple[tuple[str, int], ...]
    rate: float

    def __str__(self) -> str:
        def side(terms):
            return " + ".join(f"{c if c > 1 else ''}{s}" for s, c in terms) or "0"

        return f"{side(self.reactants)} -> {side(self.products)} @ {self.rate:g}"


def _side(text: str, line: str) -> tuple[tuple[str, int], ...]:
    text = text.strip()
    if text in _EMPTY:
        return ()
    counts: dict[str, int] = {}
    for term in text.split("+"):
        m = _TERM.match(term.strip())
        if not m:
            raise InputError(f"cannot read {term.strip()!r} in reaction {line!r}: write terms like "
                             "'A', '2 B' or '2B', joined by '+' (the empty side is '0')")
        coef = int(m.group(1) or 1)
        if coef < 1:
            raise InputError(f"coefficient {coef} in {line!r} must be a positive integer")
        counts[m.group(2)] = counts.get(m.group(2), 0) + coef
    return tuple(counts.items())


def _rate(value, line) -> float:
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise InputError(f"the rate {value!r} in {line!r} is not a number") from None
    if not np.isfinite(rate) or rate < 0:
        raise InputError(f"rates must be finite and non-negative; {line!r} has {rate}")
    return rate


def _from_tuple(r) -> Reaction:
    """A reaction from ``(reactants, products, rate)`` with dicts ``{species: coefficient}``."""
    shape = ("a Reaction, a string such as 'A + B -> 2 B @ 0.01', or a tuple (reactants, "
             "products, rate) with dicts {species: coefficient}, e.g. ({'A': 1}, {}, 0.5)")
    if not isinstance(r, tuple | list) or len(r) != 3:
        raise V.fail("each reaction", shape, r)
    reac, prod, rate = r
    sides = []
    for side in (reac, prod):
        if not isinstance(side, dict) or not all(
                isinstance(k, str) and isinstance(c, numbers.Integral) and not isinstance(c, bool)
                for k, c in side.items()):
            raise V.fail("each reaction", shape, r)
        sides.append(tuple(side.items()))
    return Reaction(sides[0], sides[1], _rate(rate, str(r)))


def parse_reaction(line: str) -> Reaction:
    """Read one reaction ``"A + B -> 2 B @ 0.01"``.

    Parameters
    ----------
    line : str
        ``reactants -> products @ rate``; terms like ``A``, ``2 B`` or ``2B`` joined by ``+``;
        the empty side is ``0`` or ``∅``.

    Returns
    -------
    Reaction

    Raises
    ------
    InputError
        If the line cannot be read, or the rate is negative or not a number.

    Examples
    --------
    >>> print(parse_reaction("A + A -> 0 @ 0.5"))
    2A -> 0 @ 0.5
    """
    V.instance("line", line, str, "a string such as 'A + B -> 2 B @ 0.01'")
    if line.count("->") != 1 or line.count("@") != 1:
        raise InputError(f"a reaction reads 'reactants -> products @ rate'; got {line!r}")
    lhs, rest = line.split("->")
    rhs, rate = rest.split("@")
    reaction = Reaction(_side(lhs, line), _side(rhs, line), _rate(rate.strip(), line))
    if not reaction.reactants and not reaction.products:
        raise InputError(f"reaction {line!r} has neither reactants nor products")
    return reaction


class ReactionNetwork:
    """A mass-action network: species, reactions, stoichiometry, propensities, rate equations.

    Build it from text (one reaction per line or separated by ``;``) with :meth:`parse`, or
    from :class:`Reaction` objects (or ``(reactants, products, rate)`` tuples of dicts).

    Parameters
    ----------
    reactions : sequence
        :class:`Reaction` objects, reaction strings, or ``(reactants, products, rate)`` tuples
        with dicts ``{species: coefficient}``.
    species : sequence of str, optional
        The species order (default: order of first appearance).

    Attributes
    ----------
    species : tuple of str
    reactions : tuple of Reaction
    reactant_matrix, product_matrix, stoichiometry : ndarray, shape (n_reactions, n_species)
        Read-only integer matrices.
    rates : ndarray, shape (n_reactions,)
        Read-only rate constants.

    Raises
    ------
    InputError
        For an empty network, a bad species name or coefficient, or a species list that
        misses one used by the reactions.

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 100; A -> 0 @ 1")
    >>> net.species, net.stoichiometry.tolist()
    (('A',), [[1], [-1]])
    >>> net.propensities([5]).tolist()
    [100.0, 5.0]
    """

    def __init__(self, reactions, species=None):
        if isinstance(reactions, str | bytes) or not isinstance(reactions, Iterable):
            raise V.fail("reactions", "a list of reactions (use ReactionNetwork.parse for text)",
                         reactions)
        parsed = []
        for r in reactions:
            if isinstance(r, Reaction):
                parsed.append(r)
            elif isinstance(r, str):
                parsed.append(parse_reaction(r))
            else:
                parsed.append(_from_tuple(r))
        if not parsed:
            raise InputError("a network needs at least one reaction")
        names = []
        for r in parsed:
            for s, c in r.reactants + r.products:
                if not _NAME.match(s):
                    raise InputError(f"species name {s!r} is not an identifier")
                if int(c) != c or c < 1 or c > MAX_COUNT:
                    raise InputError(f"coefficient of {s} must be a positive integer up to "
                                     f"2**53; got {c}")
                if s not in names:
                    names.append(s)
            for s, c in r.reactants:
                if c > MAX_ORDER:
                    raise InputError(f"reactant coefficient of {s} must be at most {MAX_ORDER} "
                                     f"(an elementary reaction meets few molecules); got {c}")
        if species is not None:
            missing = set(names) - set(species)
            if missing:
                raise InputError(f"reactions use species {sorted(missing)} not in {species}")
            names = list(species)
        self.species: tuple[str, ...] = tuple(names)
        self.reactions: tuple[Reaction, ...] = tuple(parsed)
        index = {s: i for i, s in enumerate(self.species)}
        R, S = len(parsed), len(names)
        self.reactant_matrix = np.zeros((R, S), dtype=np.int64)
        self.product_matrix = np.zeros((R, S), dtype=np.int64)
        for i, r in enumerate(parsed):
            for s, c in r.reactants:
                self.reactant_matrix[i, index[s]] = c
            for s, c in r.products:
                self.product_matrix[i, index[s]] = c
        self.stoichiometry = self.product_matrix - self.reactant_matrix
        self.rates = np.array([r.rate for r in parsed])
        for arr in (self.reactant_matrix, self.product_matrix, self.stoichiometry, self.rates):
            arr.setflags(write=False)

    @classmethod
    def parse(cls, text: str, species=None) -> ReactionNetwork:
        """A network from text: one reaction per line or per ``;``; ``#`` starts a comment.

        Parameters
        ----------
        text : str
            The reactions.
        species : sequence of str, optional
            The species order.

        Returns
        -------
        ReactionNetwork

        Raises
        ------
        InputError
            If a reaction cannot be read.

        Examples
        --------
        >>> ReactionNetwork.parse("A -> 0 @ 1  # decay").species
        ('A',)
        """
        V.instance("text", text, str, "a string of reactions separated by ';' or newlines")
        lines = [ln.split("#")[0].strip() for ln in re.split(r"[;\n]", text)]
        return cls([parse_reaction(ln) for ln in lines if ln], species)

    def __repr__(self) -> str:
        return "ReactionNetwork([\n" + "".join(f"    {r!s},\n" for r in self.reactions) + "])"

    def state(self, x0) -> np.ndarray:
        """Copy numbers as an int array, from a sequence or a dict ``{species: count}``.

        Parameters
        ----------
        x0 : sequence of int or dict
            One non-negative integer per species (missing species in a dict count 0).

        Returns
        -------
        ndarray of int64, shape (n_species,)

        Raises
        ------
        InputError
            For unknown species, a wrong length, or counts that are not non-negative integers.

        Examples
        --------
        >>> ReactionNetwork.parse("A + B -> 0 @ 1").state({"B": 3}).tolist()
        [0, 3]
        """
        return self._amounts(x0, "x0", integer=True).astype(np.int64)

    def _amounts(self, values, name: str, integer: bool) -> np.ndarray:
        """One non-negative amount per species, from a sequence or a dict by species name."""
        if isinstance(values, dict):
            unknown = set(values) - set(self.species)
            if unknown:
                raise InputError(f"{name} must name species of the network {self.species}; "
                                 f"got unknown {sorted(unknown)}")
            values = [values.get(s, 0) for s in self.species]
        what = ("copy numbers (non-negative integers up to 2**53 = 9.0e15; model larger "
                "populations with the rate equations)") if integer else "non-negative amounts"
        arr = V.array(name, values, shape=(len(self.species),), nonnegative=True)
        if integer and (np.any(arr != np.round(arr)) or np.any(arr > MAX_COUNT)):
            raise V.fail(name, what, arr.tolist())
        return arr

    def propensities(self, n) -> np.ndarray:
        """Propensities ``a_r(n) = c_r prod_s binom(n_s, nu_rs)`` of every reaction.

        Parameters
        ----------
        n : sequence of int or dict
            Copy numbers.

        Returns
        -------
        ndarray, shape (n_reactions,)

        Raises
        ------
        InputError
            For a bad state.

        Examples
        --------
        >>> ReactionNetwork.parse("A + A -> 0 @ 2").propensities([5]).tolist()   # 2 C(5, 2)
        [20.0]
        """
        n = self._amounts(n, "n", integer=True)
        out = self.rates.copy()
        for r in range(len(self.reactions)):
            for s in np.nonzero(self.reactant_matrix[r])[0]:
                out[r] *= math.comb(int(n[s]), int(self.reactant_matrix[r, s]))
        return out

    def rate_equations(self, x) -> np.ndarray:
        """Mean-field time derivative of the (real) copy numbers ``x``.

        Parameters
        ----------
        x : array_like, shape (n_species,)

        Returns
        -------
        ndarray, shape (n_species,)

        Raises
        ------
        InputError
            For a malformed state.

        Examples
        --------
        >>> ReactionNetwork.parse("A + A -> 0 @ 2").rate_equations([5.0]).tolist()   # -2 c x^2/2
        [-50.0]
        """
        x = V.array("x", x, shape=(len(self.species),))
        flux = self.rates.copy()
        for r in range(len(self.reactions)):
            for s in np.nonzero(self.reactant_matrix[r])[0]:
                nu = int(self.reactant_matrix[r, s])
                flux[r] *= x[s] ** nu / math.factorial(nu)
        return flux @ self.stoichiometry

    def solve_rate_equations(self, x0, t_end: float | None = None, *,
                             t_eval=None) -> Trajectory:
        """The rate equations from ``x0`` at ``t = 0`` (LSODA, ``rtol = 1e-8``).

        Parameters
        ----------
        x0 : sequence or dict
            Initial (real, non-negative) copy numbers.
        t_end : float, optional
            Final time (101 evenly spaced recording times); or give ``t_eval``.
        t_eval : array_like, optional
            Recording times.

        Returns
        -------
        Trajectory
            ``x`` of shape ``(n_times, n_species)``, labelled by species.

        Raises
        ------
        InputError
            For a bad state or times.
        SimulationError
            If the integrator fails.

        Examples
        --------
        >>> net = ReactionNetwork.parse("0 -> A @ 100; A -> 0 @ 1")
        >>> round(float(net.solve_rate_equations([0], 50.0)["A"][-1]), 4)   # k / gamma
        100.0
        """
        from scipy.integrate import solve_ivp  # here, not at the top: it doubles the import time

        t_end, t_eval = V.run_times(t_end, t_eval)
        if t_eval is None:
            t_eval = np.linspace(0.0, t_end, 101)
        x0 = self._amounts(x0, "x0", integer=False)
        sol = solve_ivp(lambda _t, x: self.rate_equations(x), (0.0, t_eval[-1]), x0,
                        t_eval=t_eval, method="LSODA", rtol=1e-8, atol=1e-10)
        if not sol.success:
            raise SimulationError(f"the rate equations failed: {sol.message}",
                                  t=float(sol.t[-1]) if sol.t.size else 0.0, cause=errors.SOLVER_FAILURE)
        return Trajectory(t=t_eval, x=sol.y.T.copy(), labels=self.species,
                          method="rate equations, LSODA (rtol 1e-8)", stats={"nfev": int(sol.nfev)})


def logistic_network(birth: float, death: float, competition: float,
                     size: float) -> ReactionNetwork:
    """Logistic growth with demographic noise in a system of size ``size``.

    ``A -> 2A`` at rate ``birth``, ``A -> 0`` at rate ``death`` and ``A + A -> A`` with
    stochastic rate constant ``2 competition / size``. The rate equation for the density
    ``n / size`` is then logistic, ``dn/dt = (birth - death) n - competition n^2``, with
    carrying capacity ``(birth - death) / competition``.

    Parameters
    ----------
    birth, death, competition : float
        Per-capita rates (``>= 0``).
    size : float
        System size Ω, ``> 0``.

    Returns
    -------
    ReactionNetwork

    Raises
    ------
    InputError
        For negative rates or a non-positive size.

    Examples
    --------
    >>> print(logistic_network(1.5, 0.5, 1.0, 100.0))
    ReactionNetwork([
        A -> 2A @ 1.5,
        A -> 0 @ 0.5,
        2A -> A @ 0.02,
    ])
    """
    birth, death = V.nonnegative("birth", birth), V.nonnegative("death", death)
    competition, size = V.nonnegative("competition", competition), V.positive("size", size)
    return ReactionNetwork.parse(f"A -> 2 A @ {birth!r}; A -> 0 @ {death!r}; "
                                 f"A + A -> A @ {2 * competition / size!r}")
