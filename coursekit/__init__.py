"""coursekit: the solvers, analysis tools, dashboards and lab checks of *Dynamics in Action*.

Subjects (``coursekit.population``, ...) depend on NumPy, SciPy and Numba only; presentation
modules (``coursekit.plot``, ``coursekit.widgets``, ``coursekit.checks``) add Matplotlib and
ipywidgets. Import what you need::

    from coursekit import population
"""

from coursekit.errors import CourseKitError, SimulationError

__version__ = "0.1.0"
__all__ = ["CourseKitError", "SimulationError", "__version__"]
