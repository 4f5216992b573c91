"""Pausing Python's cyclic garbage collector while the generator builds its objects.

Loading, building and rendering a spec allocate objects by the hundred thousand and
free almost none of them until the end. The collector would scan the ever larger
heap again and again: a third of the time for a spec with thousands of schemas, and
time that grows faster than the spec. Reference counting still frees what it can;
cycles left behind are collected when the collector resumes.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run with the cyclic collector off (and left as it was after)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already paused (nested), or off by the caller's choice
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return run
