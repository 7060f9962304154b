"""PyTorch, imported only when a learner needs it, and the devices it runs on.

coursekit's numerics need NumPy, SciPy and Numba only; the neural learners
(:mod:`coursekit.koopman.nn`) and the Gause fitter's ``backend="torch"`` import PyTorch through
:func:`require`, which says how to install it when it is missing. :func:`resolve_device`
turns ``device="auto"`` into CUDA when a GPU is present and the CPU otherwise.
"""

from __future__ import annotations

import importlib

from coursekit.errors import InputError

__all__ = ["INSTALL", "require", "resolve_device"]

#: How to install the course's PyTorch (the pin matters: any other spec may fetch a large CUDA
#: build; on Colab PyTorch is preinstalled).
INSTALL = ('pip install "torch==2.13.0" (or pip install "dynamics-in-action-coursekit[torch]"); '
           "on Colab PyTorch is already installed")


def require(what: str):
    """The ``torch`` module, or an ImportError that says who needs it and how to install it.

    Parameters
    ----------
    what : str
        What needs PyTorch, for the message.

    Returns
    -------
    module
        ``torch``.

    Raises
    ------
    ImportError
        When PyTorch is not installed.

    Examples
    --------
    >>> require("this example").__name__
    'torch'
    """
    try:
        return importlib.import_module("torch")
    except ImportError as err:
        raise ImportError(f"{what} needs PyTorch, which is not installed: {INSTALL}") from err


def resolve_device(device="auto"):
    """A ``torch.device``: ``"auto"`` is CUDA when a GPU is available, else the CPU.

    Parameters
    ----------
    device : str or torch.device
        ``"auto"``, ``"cpu"``, ``"cuda"`` or ``"cuda:N"``.

    Returns
    -------
    torch.device
        The device.

    Raises
    ------
    InputError
        For an unknown name, or CUDA asked for where there is none.

    Examples
    --------
    >>> resolve_device("cpu").type
    'cpu'
    """
    torch = require("resolve_device")
    if isinstance(device, torch.device):
        name = str(device)
    elif isinstance(device, str):
        name = device
    else:
        raise InputError(f"device must be 'auto', 'cpu' or 'cuda'; got {device!r}")
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise InputError(f"device={name!r} asks for a GPU, but PyTorch sees none here; use "
                             "device='auto' (the GPU when there is one) or 'cpu'")
        return torch.device(name)
    raise InputError(f"device must be 'auto', 'cpu' or 'cuda'; got {device!r}")
