"""The Colab path, tested: every chapter notebook and lab, run top to bottom as a student would.

``python -m tools.colab`` builds a Colab-like Python in a fresh virtual environment (Python 3.11
with the versions of numpy, scipy, matplotlib and ipywidgets 7.7 that Colab preinstalls, plus
the kernel that runs notebooks there), copies the checkout (its tracked files, as a clone has
them, with their working-tree contents), and then runs every notebook behind a Colab button, in order:

1. the first notebook's install cell installs ``coursekit`` from the copy, exactly as written
   (only the repository URL is replaced by the copy's path), into the fresh environment;
2. every chapter notebook (``chapters/*/*.ipynb``), student lab (``labs/*.ipynb``) and solution
   lab (``labs/solutions/*.ipynb``) then runs top to bottom in its own kernel, with Colab's
   settings (the inline Matplotlib backend, progress bars as ipywidgets 7.7 widgets). The later
   notebooks find coursekit installed, as a student's second notebook in a session does; their
   install cells are checked to be the same as the first one's.

It fails if any cell raises, if a notebook's install cell differs from the first one (each must
install the same package), or if the install upgraded ipywidgets. CI runs it (``make colab``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.course import install_spec, repository_url

ROOT = Path(__file__).resolve().parents[1]

#: What Colab preinstalls (the versions of its image of late 2025; PyTorch at the course's pin,
#: the local CPU wheel, where Colab has its own build), and the notebook runner.
PREINSTALLED = ["numpy==2.0.2", "scipy==1.14.1", "matplotlib==3.10.0", "ipywidgets==7.7.1",
                "ipykernel==6.17.1", "torch==2.13.0", "nbclient>=0.10", "nbformat>=5.9"]

RUNNER = r'''
import json, sys, time
import nbformat
from nbclient import NotebookClient
results = []
for path, folder in json.loads(sys.argv[1]):
    nb = nbformat.read(path, as_version=4)
    start = time.time()
    try:
        NotebookClient(nb, timeout=900, kernel_name="python3",
                       resources={"metadata": {"path": folder}}).execute()
        error = ""
    except Exception as err:                      # noqa: BLE001 (reported, then fails the run)
        error = f"{type(err).__name__}: {str(err)[-2000:]}"
    results.append({"notebook": path, "seconds": round(time.time() - start, 1), "error": error})
    print(json.dumps(results[-1]), flush=True)
sys.exit(1 if any(r["error"] for r in results) else 0)
'''


def notebooks(root: Path) -> list[Path]:
    """Every notebook behind a Colab button: chapter pages, student labs, solution labs."""
    return (sorted(root.glob("chapters/*/*.ipynb")) + sorted(root.glob("labs/*.ipynb"))
            + sorted(root.glob("labs/solutions/*.ipynb")))


def _copy_checkout(root: Path, dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=root,        # what a clone has
                           capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = root / name.decode()
        if src.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def _install_cell(nb: dict) -> str:
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and "%pip install" in text:
            return text
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="folder for the environment and the copy "
                        "(default: a temporary folder, removed afterwards)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="coursekit-colab-"))
    env_dir, copy = work / "colab-env", work / "checkout"
    shutil.rmtree(env_dir, ignore_errors=True)
    shutil.rmtree(copy, ignore_errors=True)
    started = time.time()
    _copy_checkout(ROOT, copy)
    python = shutil.which("python3.11") or (sys.executable if sys.version_info[:2] == (3, 11)
                                            else None)
    if python is None:
        print("FAIL: Colab runs Python 3.11; no python3.11 found")
        return 1
    subprocess.run([python, "-m", "venv", str(env_dir)], check=True)
    bin_dir = env_dir / "bin"
    pip = [str(bin_dir / "python"), "-m", "pip", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "install", *PREINSTALLED], check=True)
    print(f"Colab-like environment ready in {time.time() - started:.0f} s", flush=True)

    url = repository_url(ROOT)
    expected = None
    jobs = []
    for path in notebooks(copy):
        nb = json.loads(path.read_text())
        cell = _install_cell(nb)
        if install_spec(url) not in cell:
            print(f"FAIL {path.relative_to(copy)}: no install cell with {install_spec(url)!r}")
            return 1
        expected = expected or cell
        if cell != expected:
            print(f"FAIL {path.relative_to(copy)}: its install cell differs from the others")
            return 1
        for c in nb["cells"]:                    # install from the copy, not from GitHub
            if c["cell_type"] == "code":
                text = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                c["source"] = text.replace(f"git+{url}", copy.as_uri())
        run_path = path.with_name(f".colab-{path.name}")
        run_path.write_text(json.dumps(nb))
        jobs.append((str(run_path), str(path.parent)))
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
               VIRTUAL_ENV=str(env_dir))
    for name in ("NUMBA_CACHE_DIR", "PYTHONPATH", "COURSEKIT_PROGRESS", "MPLBACKEND",
                 "MPLCONFIGDIR"):           # as on Colab: progress bars (ipywidgets 7.7), inline
        env.pop(name, None)
    run = subprocess.run([str(bin_dir / "python"), "-c", RUNNER, json.dumps(jobs)], env=env,
                         cwd=work)
    versions = subprocess.run([str(bin_dir / "python"), "-c",
                               "import ipywidgets, coursekit; print(ipywidgets.__version__, "
                               "coursekit.__file__)"], env=env, cwd=work, capture_output=True,
                              text=True)
    print("in the Colab-like environment:", versions.stdout.strip(), versions.stderr.strip())
    ok = run.returncode == 0 and versions.stdout.startswith("7.7.1 ")
    if not versions.stdout.startswith("7.7.1 "):
        print("FAIL: the install changed ipywidgets 7.7.1 (Colab's) or coursekit is missing")
    print(f"{'all notebooks ran' if ok else 'FAILED'} in {time.time() - started:.0f} s")
    if args.work is None and ok:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
