"""Linear-time checks for text functions that a busy machine cannot fail.

A regex that backtracks catastrophically, or a quadratic loop, is a security defect on untrusted
input.  Timing one run against a fixed limit is a benchmark in disguise; and comparing a run on n
characters with a run on 8n is not enough either: on a busy machine the long run is interrupted
by other processes several times and comes back each time to caches they have emptied, while the
short one fits between two interruptions and runs hot, so a linear function can seem to grow 60x.

So the long run is compared with a reference of the same length: the same function eight times in
a row on the short input, which is linear work 8x the short run by construction.  When the function
is linear the two take about the same time, are interrupted about as often and find the caches as
cold, so a load slows both alike and their ratio stays near 1; a quadratic function makes the long
run 8x the reference, whatever the load.  Both are the calling thread's CPU time (a wait for a core
is not counted, nor the work of the process's other threads: a database's or a library's threads
left running by an earlier test of the same worker) with the collector paused (its pauses depend on the rest of the heap, not the function),
measured in turns, in alternating order.

The reference counts every cost the function has, C included (regex backtracking, copies of
slices), which a count of Python lines or calls would miss.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable

GROWTH = 8
LIMIT = 3.0  # the long run over the reference: about 1 when linear, about GROWTH when quadratic
SLACK = 0.001  # seconds: below this both runs are too short to say anything
ROUNDS = 5


def _cost(call: Callable[[], object]) -> float:
    started = time.thread_time()
    call()
    return time.thread_time() - started


def growth_ratio(function: Callable[[str], object], small: object, large: object, reference_first: bool = True) -> tuple[float, float]:
    """One round: the CPU time of ``function(large)`` and of ``GROWTH`` calls of ``function(small)``."""

    def reference() -> None:
        for _ in range(GROWTH):
            function(small)

    collecting = gc.isenabled()
    gc.disable()
    try:
        if reference_first:
            before = _cost(reference)
            return _cost(lambda: function(large)), before
        long_run = _cost(lambda: function(large))
        return long_run, _cost(reference)
    finally:
        if collecting:
            gc.enable()


def assert_linear(function: Callable[[str], object], make_input: Callable[[int], object], n: int = 4000) -> None:
    """``function`` on ``make_input(8n)`` costs at most 3x eight calls on ``make_input(n)``, in CPU time."""
    small, large = make_input(n), make_input(n * GROWTH)
    function(small)  # warm caches (lexicons, compiled patterns)
    ratios = []
    for round_ in range(ROUNDS):  # a spoiled round is outlived by the others; quadratic work fails each one
        long_run, reference = growth_ratio(function, small, large, reference_first=round_ % 2 == 0)
        if long_run <= LIMIT * reference + SLACK:
            return
        ratios.append(long_run / max(reference, 1e-9))
    raise AssertionError(
        f"{GROWTH}x the input took {GROWTH * min(ratios):.1f}x the CPU time "
        f"({min(ratios):.1f}x {GROWTH} calls on the short input, best of {ROUNDS} rounds): not linear"
    )
