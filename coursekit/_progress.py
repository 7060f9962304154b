"""Progress bars for long runs (``tqdm.auto``), off where nobody watches.

A public function that may run for long takes ``progress=None``: ``None`` means "on, unless
``COURSEKIT_PROGRESS=0``" (the Makefile sets it for the tests and the book build, where bars
would only clutter logs and pages); ``True`` or ``False`` decide explicitly.
"""

from __future__ import annotations

import os


def enabled(progress: bool | None) -> bool:
    if progress is not None:
        return bool(progress)
    return os.environ.get("COURSEKIT_PROGRESS", "1") != "0"


def bar(total: int, progress: bool | None, desc: str):
    """A ``tqdm.auto`` bar, or a silent stand-in with the same ``update``/``close``."""
    if enabled(progress):
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=desc, leave=False, delay=2.0)  # only runs > 2 s

    class _Silent:
        def update(self, n=1):
            pass

        def close(self):
            pass

    return _Silent()
