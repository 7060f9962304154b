"""Every public callable documents itself in numpydoc style, with an example that runs.

"Public" is everything a public module lists in ``__all__`` (the API reference appendix
documents exactly these modules). Functions and methods need a summary, Parameters (when they
take any), Returns (unless they return nothing), Raises (when they take arguments they
validate) and Examples; classes need a summary, Parameters or Attributes, and Examples. The
examples themselves run as doctests (``--doctest-modules`` in ``make test``).

Compiled building blocks (the Numba functions of :mod:`coursekit.numerics` and
:mod:`coursekit.systems.compiled`) and the tree arithmetic do not validate their arguments —
their callers do, once, before entering compiled code — so they need no Raises section.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from numpydoc.docscrape import ClassDoc, FunctionDoc

API_PAGES = sorted((Path(__file__).resolve().parents[1] / "book" / "appendices").glob("api*.md"))
#: The modules the API reference documents, read from the automodule directives of its pages: a
#: module added to the appendix is checked here without a second list to keep in step.
PUBLIC_MODULES = [m for page in API_PAGES for m in re.findall(
    r"^\.\. automodule:: (\S+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)]
NO_RAISES = {"coursekit.numerics.tree"}


def test_the_api_page_lists_every_public_module():
    """Every module with an ``__all__`` in the package appears in the API reference."""
    import pkgutil

    import coursekit

    modules = {"coursekit"} | {m.name for m in pkgutil.walk_packages(coursekit.__path__,
                                                                     "coursekit.")}
    public = {m for m in modules if not any(p.startswith("_") for p in m.split(".")[1:])
              and hasattr(importlib.import_module(m), "__all__")}
    missing = public - set(PUBLIC_MODULES)
    assert not missing, f"add to a page of the API reference (book/appendices/api-*.md): " \
                        f"{sorted(missing)}"
    assert len(PUBLIC_MODULES) >= 30


def _plain(obj):
    return getattr(obj, "py_func", obj)


def _public():
    seen = {}
    for name in PUBLIC_MODULES:
        module = importlib.import_module(name)
        assert hasattr(module, "__all__"), f"{name} has no __all__"
        for attr in module.__all__:
            obj = getattr(module, attr)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            owner = getattr(_plain(obj), "__module__", name)
            seen.setdefault(f"{owner}.{attr}", (obj, name))
            if inspect.isclass(obj) and obj.__module__.startswith("coursekit"):
                for meth_name, meth in vars(obj).items():
                    if meth_name.startswith("_") or not inspect.isfunction(meth):
                        continue
                    seen.setdefault(f"{owner}.{attr}.{meth_name}", (meth, name))
    return seen


PUBLIC = _public()


def _takes_arguments(func) -> bool:
    params = [p for p in inspect.signature(func).parameters.values() if p.name != "self"]
    return bool(params)


def _returns_something(func) -> bool:
    annotation = inspect.signature(func).return_annotation
    return annotation not in (None, "None")


@pytest.mark.parametrize("qualname", sorted(PUBLIC))
def test_public_callable_is_documented(qualname):
    obj, module = PUBLIC[qualname]
    target = _plain(obj)
    assert target.__doc__, f"{qualname} has no docstring"
    if inspect.isclass(target):
        doc = ClassDoc(target, config={"show_class_members": False})
        assert doc["Summary"], f"{qualname}: no summary line"
        if not issubclass(target, BaseException):
            assert doc["Parameters"] or doc["Attributes"], f"{qualname}: no Parameters/Attributes"
        assert doc["Examples"], f"{qualname}: no Examples"
        return
    doc = FunctionDoc(target)
    missing = [] if doc["Summary"] else ["Summary"]
    if _takes_arguments(target) and not doc["Parameters"]:
        missing.append("Parameters")
    if _returns_something(target) and not doc["Returns"]:
        missing.append("Returns")
    compiled = hasattr(obj, "py_func")
    if module not in NO_RAISES and not compiled and _takes_arguments(target) and not doc["Raises"]:
        missing.append("Raises")
    if not doc["Examples"]:
        missing.append("Examples")
    assert not missing, f"{qualname}: missing {', '.join(missing)}"


def test_documented_parameters_match_the_signatures():
    wrong = []
    for qualname, (obj, _) in sorted(PUBLIC.items()):
        target = _plain(obj)
        if inspect.isclass(target):
            continue
        doc = FunctionDoc(target)
        documented = {n.strip() for p in doc["Parameters"] for n in p.name.split(",")}
        documented = {n.lstrip("*") for n in documented}
        actual = {p.name for p in inspect.signature(target).parameters.values()
                  if p.name != "self"}
        if documented and documented != actual:
            wrong.append(f"{qualname}: documents {sorted(documented)}, takes {sorted(actual)}")
    assert not wrong, "\n".join(wrong)


def test_every_seed_parameter_defaults_to_none_and_is_documented():
    """One rule for randomness (coursekit._random): ``seed=None`` everywhere, documented."""
    with_seed = []
    for qualname, (obj, _) in sorted(PUBLIC.items()):
        target = _plain(obj)
        try:
            params = inspect.signature(target).parameters
        except (TypeError, ValueError):
            continue
        if "seed" in params and not qualname.startswith("coursekit._random"):   # the helpers
            with_seed.append(qualname)
            assert params["seed"].default is None, f"{qualname}: seed={params['seed'].default!r}"
            # a sweep records and replays its root seed, so it refuses a Generator (and says so)
            kinds = ("int, SeedSequence or None" if qualname == "coursekit.sweep.sweep"
                     else "int, SeedSequence, Generator or None")
            assert f"seed : {kinds}" in target.__doc__, qualname
    assert len(with_seed) >= 12, with_seed
