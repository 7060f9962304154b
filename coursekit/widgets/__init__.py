"""Dashboards for lectures, labs and the published book (one spec, three renderings).

The pattern lives in :mod:`coursekit.widgets._core` (:class:`Dashboard`, :class:`Slider`);
each chapter's dashboards live in a module named for its subject.

Examples
--------
>>> from coursekit.widgets import lotka_volterra_dashboard
>>> dash = lotka_volterra_dashboard()
>>> fig, state = dash.render(alpha=1.5)
>>> state["title"].get_text().startswith("α = 1.5")
True
"""

from coursekit.widgets._core import Dashboard, Slider
from coursekit.widgets.kinetics import may_leonard_dashboard, ssa_dashboard
from coursekit.widgets.kinks import collision_dashboard
from coursekit.widgets.koopman import dmd_dashboard, sindy_dashboard
from coursekit.widgets.population import (
    competition_dashboard,
    leslie_dashboard,
    lotka_volterra_dashboard,
)
from coursekit.widgets.schooling import draw_school, school_dashboard
from coursekit.widgets.solitons import two_soliton_dashboard
from coursekit.widgets.sync import ring_dashboard

__all__ = ["Dashboard", "Slider", "collision_dashboard", "competition_dashboard", "draw_school",
           "dmd_dashboard", "leslie_dashboard", "lotka_volterra_dashboard", "may_leonard_dashboard",
           "ring_dashboard", "school_dashboard", "sindy_dashboard", "ssa_dashboard", "two_soliton_dashboard"]
