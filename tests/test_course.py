"""Generated files: student labs, chapter notebooks, environment.yml, the repository URL."""

import json
import shutil
from pathlib import Path

import pytest
import yaml

from tools import course

ROOT = Path(__file__).resolve().parents[1]


def test_generated_files_are_up_to_date():
    stale = course.sync(ROOT, check=True)
    assert not stale, f"run `make sync`: stale {[str(p.relative_to(ROOT)) for p in stale]}"


def test_strip_solutions_keeps_the_scaffold_and_rejects_broken_markers():
    src = "def f(x):\n    '''Doc.'''\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n"
    assert course.strip_solutions(src) == "def f(x):\n    '''Doc.'''"
    for broken in ["### BEGIN SOLUTION\nx", "x\n### END SOLUTION",
                   "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"]:
        with pytest.raises(ValueError):
            course.strip_solutions(broken)


def test_student_lab_has_no_solution_and_keeps_every_check():
    for solutions in sorted((ROOT / "labs" / "solutions").glob("*.ipynb")):
        student = json.loads((ROOT / "labs" / solutions.name).read_text())
        full = json.loads(solutions.read_text())
        text = "".join("".join(c["source"]) for c in student["cells"])
        assert "BEGIN SOLUTION" not in text
        checks = lambda nb: sum("check" in "".join(c["source"]) for c in nb["cells"])  # noqa: E731
        assert checks(student) == checks(full) > 0
        assert all(not c.get("outputs") for c in student["cells"] + full["cells"])
        first = "".join(student["cells"][1]["source"])
        assert course.install_spec(course.repository_url(ROOT)) in first


def test_chapter_pages_have_paired_notebooks_for_colab():
    pages = [p for p in (ROOT / "chapters").rglob("*.md") if "kernelspec" in p.read_text()]
    assert pages
    for page in pages:
        assert page.with_suffix(".ipynb").exists(), page


def test_binder_environment_pins_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    lock = [ln for ln in (ROOT / "requirements/lock.txt").read_text().splitlines()
            if ln and not ln.startswith("#")]
    assert pip[1:-2] == lock
    assert pip[0] == "--extra-index-url https://download.pytorch.org/whl/cpu"   # PyTorch's CPU build,
    assert pip[-2] == "torch==2.13.0+cpu"                                       # not PyPI's CUDA one
    assert pip[-1] == course.install_spec(course.repository_url(ROOT))
    assert not any(line.lower().startswith("coursekit") for line in pip)


def test_a_fork_changes_one_line_and_sync_follows(tmp_path):
    fork = tmp_path / "fork"
    fork.mkdir()
    for name in ["_config.yml", "environment.yml", "requirements", "labs", "chapters"]:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, fork / name)
    config = (fork / "_config.yml").read_text()
    old = course.repository_url(ROOT)
    (fork / "_config.yml").write_text(config.replace(old, "https://github.com/someone/fork"))
    changed = course.sync(fork)
    assert changed
    for path in changed:
        text = path.read_text()
        assert "git+https://github.com/someone/fork" in text
        assert old not in text
    assert not course.sync(fork, check=True)
