"""Linear-time checks for text functions: growth ratios, never absolute time limits.

A regex that backtracks catastrophically, or a quadratic loop, is a security
defect on untrusted input.  Timing one run against a fixed limit is a
benchmark in disguise and fails on a busy machine; comparing the same
function on n and 8n characters is not: a linear pass grows about 8x, a
quadratic one 64x.
"""
from __future__ import annotations

import time
from collections.abc import Callable

GROWTH = 8
LINEAR_LIMIT = 24  # between linear (8) and quadratic (64), with room for noise
ATTEMPTS = 3


def _best_of(runs: int, call: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def assert_linear(function: Callable[[str], object], make_input: Callable[[int], str], n: int = 4000) -> None:
    """``function`` on ``make_input(8n)`` costs at most ~24x ``make_input(n)``."""
    small, large = make_input(n), make_input(n * GROWTH)
    function(small)  # warm caches (lexicons, compiled patterns)
    ratios = []
    for _ in range(ATTEMPTS):  # a busy machine can spoil one measurement; quadratic work fails every one
        small_time = _best_of(3, lambda: function(small))
        large_time = _best_of(3, lambda: function(large))
        if large_time <= LINEAR_LIMIT * small_time + 0.02:
            return
        ratios.append(large_time / max(small_time, 1e-9))
    raise AssertionError(f"{GROWTH}x the input took {min(ratios):.1f}x the time (best of {ATTEMPTS}): not linear")
