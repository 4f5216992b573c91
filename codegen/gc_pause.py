"""Pausing Python's cyclic garbage collector while the generator builds its objects.

Loading, building and rendering a spec allocate objects by the hundred thousand and
free almost none of them until the end. The collector would scan the ever larger
heap again and again: a third of the time for a spec with thousands of schemas, and
time that grows faster than the spec. Reference counting still frees what it can;
cycles left behind are collected when the collector resumes. Formatting is left
out: black's workers are forked processes, which would inherit the pause, and
black's syntax trees are cycles.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


_lock = threading.Lock()
_pauses = 0  # calls running with the collector paused by them, in any thread
_resume = False  # whether the collector was on when the first of them began


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the cyclic collector off; it is left as it was when the
    last of the calls running at once (nested, or in other threads) ends."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        global _pauses, _resume
        with _lock:
            if _pauses == 0:
                _resume = gc.isenabled()
                gc.disable()
            _pauses += 1
        try:
            return function(*args, **kwargs)
        finally:
            with _lock:
                _pauses -= 1
                if _pauses == 0 and _resume:
                    gc.enable()

    return run
