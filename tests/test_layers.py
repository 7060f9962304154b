"""The house's floors hold: light imports, and import-linter contracts that do fail on a wrong
import (the contracts themselves run in ``make test``)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _modules_after(statement: str) -> set[str]:
    code = f"import sys\n{statement}\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_analysis_floor_does_not_pull_in_subjects_or_optimisers():
    loaded = _modules_after("import coursekit.analysis")
    assert "scipy.optimize" not in loaded
    assert not any(m.startswith(("coursekit.population", "coursekit.kinetics",
                                 "coursekit.solitons")) for m in loaded)


def test_subjects_import_without_matplotlib():
    for subject in ("kinetics", "population", "solitons", "kinks", "schooling", "sync",
                    "systems", "numerics"):
        loaded = _modules_after(f"import coursekit.{subject}")
        assert "matplotlib" not in loaded and "ipywidgets" not in loaded, subject


def test_subjects_stay_light_without_the_sweep_engine():
    """Dask, distributed, Zarr and xarray are dependencies of the package for coursekit.sweep;
    importing a subject loads none of them."""
    for subject in ("kinetics", "population", "solitons", "kinks", "schooling", "sync",
                    "analysis"):
        loaded = _modules_after(f"import coursekit.{subject}")
        heavy = {m.split(".")[0] for m in loaded} & {"dask", "distributed", "zarr", "xarray"}
        assert not heavy, (subject, heavy)
    assert "distributed" not in _modules_after("import coursekit.sweep")   # only when used


def test_importing_the_plot_module_changes_no_global_setting():
    """Neither importing coursekit.plot nor drawing with it changes Matplotlib's settings: the
    house style applies inside plot.figure and plot.style only."""
    code = ("import matplotlib\nmatplotlib.use('Agg')\nbefore = dict(matplotlib.rcParams)\n"
            "from coursekit import plot\nfig, ax = plot.figure()\nax.plot([0, 1], [1, 0])\n"
            "with plot.style():\n    inside = dict(matplotlib.rcParams) != before\n"
            "print(dict(matplotlib.rcParams) == before and inside)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


@pytest.fixture(scope="module")
def real_tree_keeps_the_contracts():
    """Checked once: the contracts hold for the real tree, so a broken copy fails for the
    import injected into it and nothing else."""
    ok = subprocess.run([str(LINT)], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize("target, line, contract", [
    ("kinetics/network.py", "import coursekit.population", "The house"),   # subject -> subject
    ("_results.py", "import coursekit.kinetics", "The house"),              # core -> subject
    ("numerics/ode.py", "import matplotlib", "Below the presentation floor"),
    ("orphan.py", "import numpy", "The house"),       # a new module without a floor (exhaustive)
])
def test_import_linter_fails_on_a_wrong_import(real_tree_keeps_the_contracts, tmp_path, target,
                                               line, contract):
    shutil.copytree(ROOT / "coursekit", tmp_path / "coursekit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    module = tmp_path / "coursekit" / target
    before = module.read_text(encoding="utf-8") if module.exists() else ""
    module.write_text(before + f"\n{line}  # noqa\n", encoding="utf-8")
    # import-linter analyses the package found from its working directory: the broken copy
    broken = subprocess.run([str(LINT), "--config", str(tmp_path / "pyproject.toml")],
                            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)},
                            capture_output=True, text=True)
    assert broken.returncode != 0
    assert f"{contract}" in broken.stdout and "BROKEN" in broken.stdout
