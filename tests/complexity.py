"""Linear-time checks for text functions: growth ratios, never absolute time limits.

A regex that backtracks catastrophically, or a quadratic loop, is a security
defect on untrusted input.  Timing one run against a fixed limit is a
benchmark in disguise and fails on a busy machine; comparing the same
function on n and 8n characters is not: a linear pass grows about 8x, a
quadratic one 64x.

The cost is the process's CPU time, not the wall clock: on a busy machine a
process waits for a core for as long as the others keep it, which the wall
clock counts and CPU time does not (the DuckDB threads a function uses are
the process's too).  Small and large inputs are measured in turns, so a
change in the machine's state between them touches both.
"""
from __future__ import annotations

import time
from collections.abc import Callable

GROWTH = 8
LINEAR_LIMIT = 24  # between linear (8) and quadratic (64), with room for noise
ATTEMPTS = 5


def _cost(call: Callable[[], object]) -> float:
    started = time.process_time()
    call()
    return time.process_time() - started


def assert_linear(function: Callable[[str], object], make_input: Callable[[int], str], n: int = 4000) -> None:
    """``function`` on ``make_input(8n)`` costs at most ~24x ``make_input(n)``, in CPU time."""
    small, large = make_input(n), make_input(n * GROWTH)
    function(small)  # warm caches (lexicons, compiled patterns)
    small_cost = large_cost = float("inf")
    for _ in range(ATTEMPTS):  # a spoiled measurement is outlived by the best of the others; quadratic work fails each
        for _ in range(3):
            small_cost = min(small_cost, _cost(lambda: function(small)))
            large_cost = min(large_cost, _cost(lambda: function(large)))
        if large_cost <= LINEAR_LIMIT * small_cost + 0.02:
            return
    raise AssertionError(
        f"{GROWTH}x the input took {large_cost / max(small_cost, 1e-9):.1f}x the CPU time (best of {3 * ATTEMPTS}): not linear"
    )
