r"""Dictionaries of observables: the lifted coordinates of EDMD and the candidate terms of SINDy.

A dictionary maps states ``X`` ``(n, n_state)`` to the matrix
:math:`\Psi(X)` ``(n, n_terms)`` of its functions' values, time first. One set of classes
serves both learners (SINDy calls it a *library*, EDMD a *dictionary*):

* :class:`Polynomial` — all monomials :math:`x_1^{p_1}\cdots x_d^{p_d}` of total degree
  :math:`\le` ``degree`` (with the constant unless ``include_bias=False``), in graded order;
* :class:`Fourier` — :math:`\sin(k x_j)`, :math:`\cos(k x_j)` for :math:`k = 1..n`, or with
  ``mixed=True`` all :math:`\sin(m\cdot x)`, :math:`\cos(m\cdot x)` for integer wave vectors
  :math:`0 < \|m\|_\infty \le n` (one of each pair :math:`\pm m`), a basis on the torus;
* :class:`RadialBasis` — thin-plate splines :math:`r^2 \log r` (the kernel of Williams,
  Kevrekidis & Rowley 2015 and of pykoopman) or Gaussians :math:`e^{-r^2/2w^2}` about centres
  drawn, seeded, from the data;
* :class:`Callables` — any functions of the state the user writes (NumPy-vectorised);
* ``a + b`` — the functions of both, in order.

The built-in kinds are evaluated by one compiled kernel, also inside the right-hand side of an
identified SINDy model (the private module ``coursekit.koopman._kernels``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from coursekit import _random
from coursekit import _validate as V
from coursekit.errors import InputError
from coursekit.koopman import _kernels as K

__all__ = ["Callables", "Dictionary", "Fourier", "Polynomial", "RadialBasis"]


class Dictionary:
    """A list of functions of the state (base class; build one of the subclasses).

    Subclasses fill ``_encode(n_state, X)``, which returns the compiled encoding and the
    functions' names; :meth:`fit` calls it once the state size (and, for radial functions, the
    data) are known.

    Attributes
    ----------
    n_state : int
        The state size, once fitted.
    n_terms : int
        Number of functions, once fitted.

    Examples
    --------
    >>> lib = Polynomial(2).fit(np.zeros((1, 2)))
    >>> lib.names(["x", "y"])
    ['1', 'x', 'y', 'x^2', 'x y', 'y^2']
    """

    n_terms: int = 0
    _code: tuple | None = None
    _labels: list | None = None

    def _encode(self, n_state: int, X: np.ndarray):  # pragma: no cover - subclasses
        raise NotImplementedError

    def fit(self, X) -> Dictionary:
        """Fix the functions for states like ``X`` (their size; radial centres from them).

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        Dictionary
            ``self``.

        Raises
        ------
        InputError
            For data that are not finite 2-D arrays.

        Examples
        --------
        >>> Fourier(1).fit(np.zeros((3, 1))).n_terms
        2
        """
        X = V.array("X", X, ndim=2)
        self.n_state = X.shape[1]
        self._code, self._labels = self._encode(self.n_state, X)
        self.n_terms = len(self._labels)
        return self

    @property
    def compiled(self) -> bool:
        """Whether every function is a built-in kind (so SINDy can simulate it compiled)."""
        return self._code is not None

    def __call__(self, X) -> np.ndarray:
        """:math:`\\Psi(X)`, shape ``(n, n_terms)``: the functions at each row of ``X``.

        Parameters
        ----------
        X : array_like, shape (n, n_state) or (n_state,)
            States, time first.

        Returns
        -------
        ndarray, shape (n, n_terms)
            The dictionary's values.

        Raises
        ------
        InputError
            Before :meth:`fit`, or for states of the wrong size.

        Examples
        --------
        >>> Polynomial(2).fit(np.zeros((1, 1)))([[3.0]]).tolist()
        [[1.0, 3.0, 9.0]]
        """
        if not hasattr(self, "n_state"):
            raise InputError(f"{type(self).__name__} must be fitted to states first (fit(X)); the "
                             "learners do this for you")
        X = V.array("X", X)
        X = X[None, :] if X.ndim == 1 else X
        if X.ndim != 2 or X.shape[1] != self.n_state:
            raise InputError(f"states must be (n, {self.n_state}); got shape {X.shape}")
        return self._evaluate(X)

    def _evaluate(self, X: np.ndarray) -> np.ndarray:
        X = np.ascontiguousarray(X, dtype=float)
        out = np.empty((X.shape[0], self.n_terms))
        kernel = K.evaluate_parallel if X.shape[0] >= K.PARALLEL_ROWS else K.evaluate
        kernel(X, *self._code, out)
        return out

    def names(self, state_names: Sequence[str] | None = None) -> list[str]:
        """Readable names of the functions, e.g. ``'x y'`` or ``'sin(2 x)'``.

        Parameters
        ----------
        state_names : sequence of str, optional
            Names of the state components (default ``x, y, z`` for up to three, else
            ``x0, x1, ...``).

        Returns
        -------
        list of str
            One name per function.

        Raises
        ------
        InputError
            Before :meth:`fit`, or for the wrong number of state names.

        Examples
        --------
        >>> Fourier(1).fit(np.zeros((1, 1))).names(["u"])
        ['sin(u)', 'cos(u)']
        """
        if not hasattr(self, "n_state"):
            raise InputError("fit the dictionary to states first (fit(X))")
        names = default_names(self.n_state) if state_names is None else list(state_names)
        if len(names) != self.n_state:
            raise InputError(f"state_names must hold {self.n_state} names; got {len(names)}")
        return [label(names) for label in self._labels]

    def __add__(self, other: Dictionary) -> Dictionary:
        V.instance("other", other, Dictionary, "a coursekit.koopman dictionary")
        return _Sum(self, other)


def default_names(n_state: int) -> list[str]:
    """``x, y, z`` for up to three components, else ``x0, x1, ...``.

    Parameters
    ----------
    n_state : int
        Number of state components.

    Returns
    -------
    list of str
        The names.

    Raises
    ------
    ValueError
        Never for a non-negative count.

    Examples
    --------
    >>> default_names(2), default_names(4)[-1]
    (['x', 'y'], 'x3')
    """
    return ["x", "y", "z"][:n_state] if n_state <= 3 else [f"x{j}" for j in range(n_state)]


def _code(n_state: int, kinds, powers=None, freq=None, centres=None) -> tuple:
    n = len(kinds)
    return (np.asarray(kinds, np.int64),
            np.zeros((n, n_state), np.int64) if powers is None else np.asarray(powers, np.int64),
            np.zeros(n) if freq is None else np.asarray(freq, float),
            np.zeros((n, n_state)) if centres is None else np.asarray(centres, float))


class Polynomial(Dictionary):
    """All monomials of total degree up to ``degree``, in graded lexicographic order.

    Parameters
    ----------
    degree : int
        Highest total degree (at least 1).
    include_bias : bool
        Include the constant function 1.

    Examples
    --------
    >>> Polynomial(2, include_bias=False).fit(np.zeros((1, 2))).names()
    ['x', 'y', 'x^2', 'x y', 'y^2']
    """

    def __init__(self, degree: int = 2, include_bias: bool = True):
        self.degree = V.integer("degree", degree, minimum=1)
        self.include_bias = bool(include_bias)

    def __repr__(self) -> str:
        return f"Polynomial(degree={self.degree}, include_bias={self.include_bias})"

    def _encode(self, n_state, X):
        powers = []
        for d in range(0 if self.include_bias else 1, self.degree + 1):
            for combo in itertools.combinations_with_replacement(range(n_state), d):
                p = [0] * n_state
                for j in combo:
                    p[j] += 1
                powers.append(p)
        labels = [_monomial_label(p) for p in powers]
        return _code(n_state, [K.MONOMIAL] * len(powers), powers=powers), labels


def _monomial_label(p):
    def label(names):
        parts = [names[j] + (f"^{e}" if e > 1 else "") for j, e in enumerate(p) if e]
        return " ".join(parts) if parts else "1"
    return label


class Fourier(Dictionary):
    """Sines and cosines: :math:`\\sin(k x_j)`, :math:`\\cos(k x_j)` for
    :math:`k = 1, \\dots,` ``n_frequencies``, or with ``mixed=True`` :math:`\\sin(m\\cdot x)`,
    :math:`\\cos(m\\cdot x)` for every integer wave vector with
    :math:`0 < \\max_j |m_j| \\le` ``n_frequencies`` (one of :math:`\\pm m`).

    Parameters
    ----------
    n_frequencies : int
        Highest integer frequency.
    mixed : bool
        All wave vectors (a real Fourier basis on the torus) rather than one variable at a time.
    include_bias : bool
        Include the constant function 1 (the wave vector 0).

    Examples
    --------
    >>> Fourier(2).fit(np.zeros((1, 1))).names()
    ['sin(x)', 'cos(x)', 'sin(2 x)', 'cos(2 x)']
    >>> Fourier(1, mixed=True, include_bias=True).fit(np.zeros((1, 2))).n_terms   # 1 + 2 * 4
    9
    """

    def __init__(self, n_frequencies: int = 1, mixed: bool = False, include_bias: bool = False):
        self.n_frequencies = V.integer("n_frequencies", n_frequencies, minimum=1)
        self.mixed = bool(mixed)
        self.include_bias = bool(include_bias)

    def __repr__(self) -> str:
        return (f"Fourier(n_frequencies={self.n_frequencies}, mixed={self.mixed}, "
                f"include_bias={self.include_bias})")

    def _wave_vectors(self, n_state: int) -> list[tuple[int, ...]]:
        n = self.n_frequencies
        if not self.mixed:
            return [tuple(k * int(j == i) for i in range(n_state))
                    for j in range(n_state) for k in range(1, n + 1)]
        out = []
        for m in itertools.product(range(-n, n + 1), repeat=n_state):
            first = next((c for c in m if c != 0), 0)
            if first > 0:                                  # one of each pair +-m, and not 0
                out.append(m)
        return sorted(out, key=lambda m: (max(abs(c) for c in m), [abs(c) for c in m], m))

    def _encode(self, n_state, X):
        kinds, powers, labels = [], [], []
        if self.include_bias:
            kinds.append(K.MONOMIAL)
            powers.append([0] * n_state)
            labels.append(_monomial_label([0] * n_state))
        for m in self._wave_vectors(n_state):
            for kind, f in ((K.SIN, "sin"), (K.COS, "cos")):
                kinds.append(kind)
                powers.append(list(m))
                labels.append(lambda names, f=f, m=m: f"{f}({_linear_label(m, names)})")
        return _code(n_state, kinds, powers=powers), labels


def _linear_label(m, names) -> str:
    """``2 x - y`` for the wave vector (2, -1)."""
    text = ""
    for c, name in zip(m, names, strict=True):
        if c == 0:
            continue
        mag = "" if abs(c) == 1 else f"{abs(c)} "
        if not text:
            text = ("-" if c < 0 else "") + mag + name
        else:
            text += (" - " if c < 0 else " + ") + mag + name
    return text


class RadialBasis(Dictionary):
    """Radial functions about ``n_centres`` centres drawn from the data (seeded).

    Thin-plate splines :math:`\\psi_k(x) = r_k^2 \\log r_k` with :math:`r_k = |x - c_k|` (the
    dictionary of Williams, Kevrekidis & Rowley 2015), or Gaussians
    :math:`\\exp(-r_k^2 / 2w^2)`. The centres are ``n_centres`` states picked without
    replacement from the fitted data; a Gaussian's width ``w`` defaults to the median distance
    between centres.

    Parameters
    ----------
    n_centres : int
        Number of centres.
    kernel : {"thin_plate", "gaussian"}
        The radial function.
    width : float, optional
        The Gaussian width (ignored for thin-plate splines).
    include_state : bool
        Also include the state components themselves (and the constant), so that the state can be
        read back exactly from the lifted coordinates.
    seed : int, SeedSequence, Generator or None
        Chooses the centres.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(50, 2))
    >>> RadialBasis(5, seed=1).fit(X).n_terms
    8
    """

    def __init__(self, n_centres: int = 100, kernel: str = "thin_plate", width: float | None = None,
                 include_state: bool = True, seed=None):
        self.n_centres = V.integer("n_centres", n_centres, minimum=1)
        self.kernel = V.choice("kernel", kernel, ("thin_plate", "gaussian"))
        self.width = None if width is None else V.positive("width", width)
        self.include_state = bool(include_state)
        self.seed = seed

    def __repr__(self) -> str:
        return (f"RadialBasis(n_centres={self.n_centres}, kernel={self.kernel!r}, "
                f"width={self.width!r}, include_state={self.include_state}, seed={self.seed!r})")

    def _encode(self, n_state, X):
        if X.shape[0] < self.n_centres:
            raise InputError(f"RadialBasis needs at least n_centres={self.n_centres} states to draw "
                             f"its centres from; got {X.shape[0]}")
        rng = _random.as_generator(self.seed)
        centres = X[rng.choice(X.shape[0], self.n_centres, replace=False)]
        width = self.width
        if width is None:
            d = np.sqrt(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(-1))
            width = float(np.median(d[np.triu_indices(len(centres), 1)])) if len(centres) > 1 else 1.0
        kinds, powers, freq, cents, labels = [], [], [], [], []
        if self.include_state:
            for p in [[0] * n_state] + [list(np.eye(n_state, dtype=int)[j]) for j in range(n_state)]:
                kinds.append(K.MONOMIAL)
                powers.append(p)
                freq.append(0.0)
                cents.append(np.zeros(n_state))
                labels.append(_monomial_label(p))
        kind = K.THIN_PLATE if self.kernel == "thin_plate" else K.GAUSSIAN
        for k, c in enumerate(centres):
            kinds.append(kind)
            powers.append([0] * n_state)
            freq.append(width)
            cents.append(c)
            labels.append(lambda names, k=k: f"rbf{k}")
        return _code(n_state, kinds, powers=powers, freq=freq, centres=cents), labels


class Callables(Dictionary):
    """User-written functions of the state, each vectorised: ``f(X)`` with ``X`` ``(n, n_state)``
    returns ``(n,)``.

    SINDy simulates a model on such a dictionary in plain Python (slow); the built-in
    dictionaries are compiled.

    Parameters
    ----------
    functions : sequence of callable
        The functions.
    names : sequence of str, optional
        Their names (default ``f0, f1, ...``).

    Examples
    --------
    >>> lib = Callables([lambda X: X[:, 0] ** 2], names=["x^2"]).fit(np.zeros((1, 1)))
    >>> lib([[3.0]]).tolist(), lib.names()
    ([[9.0]], ['x^2'])
    """

    def __init__(self, functions: Sequence[Callable], names: Sequence[str] | None = None):
        self.functions = list(functions)
        if not self.functions or not all(callable(f) for f in self.functions):
            raise InputError("functions must be a non-empty list of callables f(X) -> (n,)")
        self.labels = [f"f{k}" for k in range(len(self.functions))] if names is None else list(names)
        if len(self.labels) != len(self.functions):
            raise InputError(f"names must hold one name per function ({len(self.functions)}); got "
                             f"{len(self.labels)}")

    def __repr__(self) -> str:
        return f"Callables({len(self.functions)} functions)"

    def fit(self, X) -> Dictionary:
        """Fix the state size and try every function once on the first state.

        Parameters
        ----------
        X : array_like, shape (n, n_state)
            States, time first.

        Returns
        -------
        Dictionary
            ``self``.

        Raises
        ------
        InputError
            If a function fails or returns the wrong shape.

        Examples
        --------
        >>> Callables([lambda X: X[:, 0]]).fit(np.zeros((2, 1))).n_terms
        1
        """
        X = V.array("X", X, ndim=2)
        self.n_state = X.shape[1]
        self._code = None
        self._labels = [lambda names, s=s: s for s in self.labels]
        self.n_terms = len(self.functions)
        self._evaluate(X[:1])          # fail here, with a clear message, if a function is wrong
        return self

    def _evaluate(self, X: np.ndarray) -> np.ndarray:
        out = np.empty((X.shape[0], self.n_terms))
        for k, f in enumerate(self.functions):
            try:
                v = np.asarray(f(X), dtype=float)
            except Exception as err:
                raise InputError(f"dictionary function {self.labels[k]} failed on states of shape "
                                 f"{X.shape}: {err}") from err
            if v.shape != (X.shape[0],):
                raise InputError(f"dictionary function {self.labels[k]} must return shape "
                                 f"({X.shape[0]},) for states {X.shape}; got {v.shape}")
            out[:, k] = v
        return out


class _Sum(Dictionary):
    """The functions of two dictionaries, in order."""

    def __init__(self, first: Dictionary, second: Dictionary):
        self.first, self.second = first, second

    def __repr__(self) -> str:
        return f"{self.first!r} + {self.second!r}"

    def fit(self, X) -> Dictionary:
        X = V.array("X", X, ndim=2)
        self.first.fit(X)
        self.second.fit(X)
        self.n_state = X.shape[1]
        self._labels = self.first._labels + self.second._labels
        self.n_terms = self.first.n_terms + self.second.n_terms
        self._code = (None if not (self.first.compiled and self.second.compiled) else
                      tuple(np.concatenate([a, b]) for a, b in zip(self.first._code,
                                                                    self.second._code, strict=True)))
        return self

    def _evaluate(self, X: np.ndarray) -> np.ndarray:
        return np.hstack([self.first._evaluate(X), self.second._evaluate(X)])
