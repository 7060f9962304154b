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
import re
from dataclasses import dataclass

import numpy as np

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TERM = re.compile(r"^(\d*)\s*([A-Za-z_][A-Za-z0-9_]*)$")
_EMPTY = {"0", "∅", ""}


@dataclass(frozen=True)
class Reaction:
    """One reaction: reactant and product coefficients by species, and its rate constant."""

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
            raise ValueError(f"cannot read {term.strip()!r} in reaction {line!r}: write terms like "
                             "'A', '2 B' or '2B', joined by '+' (the empty side is '0')")
        coef = int(m.group(1) or 1)
        if coef < 1:
            raise ValueError(f"coefficient {coef} in {line!r} must be a positive integer")
        counts[m.group(2)] = counts.get(m.group(2), 0) + coef
    return tuple(counts.items())


def _rate(value, line) -> float:
    try:
        rate = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"the rate {value!r} in {line!r} is not a number") from None
    if not np.isfinite(rate) or rate < 0:
        raise ValueError(f"rates must be finite and non-negative; {line!r} has {rate}")
    return rate


def parse_reaction(line: str) -> Reaction:
    """Read one reaction ``"A + B -> 2 B @ 0.01"``.

    Examples
    --------
    >>> print(parse_reaction("A + A -> 0 @ 0.5"))
    2A -> 0 @ 0.5
    """
    if line.count("->") != 1 or line.count("@") != 1:
        raise ValueError(f"a reaction reads 'reactants -> products @ rate'; got {line!r}")
    lhs, rest = line.split("->")
    rhs, rate = rest.split("@")
    reaction = Reaction(_side(lhs, line), _side(rhs, line), _rate(rate.strip(), line))
    if not reaction.reactants and not reaction.products:
        raise ValueError(f"reaction {line!r} has neither reactants nor products")
    return reaction


class ReactionNetwork:
    """A mass-action network: species, reactions, stoichiometry, propensities, rate equations.

    Build it from text (one reaction per line or separated by ``;``) with :meth:`parse`, or
    from :class:`Reaction` objects (or ``(reactants, products, rate)`` tuples of dicts).

    Examples
    --------
    >>> net = ReactionNetwork.parse("0 -> A @ 100; A -> 0 @ 1")
    >>> net.species, net.stoichiometry.tolist()
    (('A',), [[1], [-1]])
    >>> net.propensities([5]).tolist()
    [100.0, 5.0]
    """

    def __init__(self, reactions, species=None):
        parsed = []
        for r in reactions:
            if isinstance(r, Reaction):
                parsed.append(r)
            elif isinstance(r, str):
                parsed.append(parse_reaction(r))
            else:
                reac, prod, rate = r
                parsed.append(Reaction(tuple(dict(reac).items()), tuple(dict(prod).items()),
                                       _rate(rate, str(r))))
        if not parsed:
            raise ValueError("a network needs at least one reaction")
        names = []
        for r in parsed:
            for s, c in r.reactants + r.products:
                if not _NAME.match(s):
                    raise ValueError(f"species name {s!r} is not an identifier")
                if int(c) != c or c < 1:
                    raise ValueError(f"coefficient of {s} must be a positive integer; got {c}")
                if s not in names:
                    names.append(s)
        if species is not None:
            missing = set(names) - set(species)
            if missing:
                raise ValueError(f"reactions use species {sorted(missing)} not in {species}")
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

    @classmethod
    def parse(cls, text: str, species=None) -> ReactionNetwork:
        """A network from text: one reaction per line or per ``;``; ``#`` starts a comment."""
        lines = [ln.split("#")[0].strip() for ln in re.split(r"[;\n]", text)]
        return cls([parse_reaction(ln) for ln in lines if ln], species)

    def __repr__(self) -> str:
        return "ReactionNetwork([\n" + "".join(f"    {r!s},\n" for r in self.reactions) + "])"

    def state(self, x0) -> np.ndarray:
        """Copy numbers as an int array, from a sequence or a dict ``{species: count}``."""
        if isinstance(x0, dict):
            unknown = set(x0) - set(self.species)
            if unknown:
                raise ValueError(f"unknown species {sorted(unknown)}; the network has {self.species}")
            x0 = [x0.get(s, 0) for s in self.species]
        arr = np.asarray(x0)
        if arr.shape != (len(self.species),):
            raise ValueError(f"give one count per species {self.species}; got shape {arr.shape}")
        if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.round(arr)):
            raise ValueError(f"copy numbers must be non-negative integers; got {x0!r}")
        return arr.astype(np.int64)

    def propensities(self, n) -> np.ndarray:
        """Propensities ``a_r(n) = c_r prod_s binom(n_s, nu_rs)`` of every reaction."""
        n = np.asarray(n)
        out = self.rates.copy()
        for r in range(len(self.reactions)):
            for s in np.nonzero(self.reactant_matrix[r])[0]:
                out[r] *= math.comb(int(n[s]), int(self.reactant_matrix[r, s]))
        return out

    def rate_equations(self, x) -> np.ndarray:
        """Mean-field time derivative of the copy numbers ``x`` (floats, shape ``(S,)``)."""
        x = np.asarray(x, dtype=float)
        flux = self.rates.copy()
        for r in range(len(self.reactions)):
            for s in np.nonzero(self.reactant_matrix[r])[0]:
                nu = int(self.reactant_matrix[r, s])
                flux[r] *= x[s] ** nu / math.factorial(nu)
        return flux @ self.stoichiometry

    def solve_rate_equations(self, x0, t) -> np.ndarray:
        """The rate equations from ``x0`` at the times ``t`` (LSODA, rtol 1e-8); shape
        ``(len(t), S)``, time first."""
        from scipy.integrate import solve_ivp  # here, not at the top: it doubles the import time

        t = np.asarray(t, dtype=float)
        x0 = np.asarray([x0.get(s, 0) for s in self.species] if isinstance(x0, dict) else x0,
                        dtype=float)
        sol = solve_ivp(lambda _t, x: self.rate_equations(x), (t[0], t[-1]), x0, t_eval=t,
                        method="LSODA", rtol=1e-8, atol=1e-10)
        if not sol.success:
            raise RuntimeError(f"the rate equations failed: {sol.message}")
        return sol.y.T
