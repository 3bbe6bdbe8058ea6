"""The linear-time check used on every text function can fail, and a busy machine cannot fail it."""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.complexity import assert_linear


def quadratic(text: str) -> int:
    """Compares every eighth character with every later eighth character: quadratic Python work."""
    return sum(1 for i in range(0, len(text), 8) for j in range(i, len(text), 8) if text[i] == text[j])


def scans_the_rest_at_each_line(text: str) -> int:
    """A linear number of Python steps, each scanning the rest of the text: quadratic work in C,
    which a count of Python lines or calls would not see (a scan in place: no copy, whose cost
    would depend on the allocator and the caches rather than on the length alone)."""
    return sum(text.count("b", start) for start in range(0, len(text), 16))


def test_a_quadratic_function_is_caught():
    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(quadratic, lambda n: "ab" * (n // 2), n=1500)


def test_a_function_quadratic_only_in_c_is_caught():
    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(scans_the_rest_at_each_line, lambda n: "ab" * (n // 2), n=20_000)


def test_a_linear_function_passes():
    assert_linear(lambda text: text.count("a"), lambda n: "ab" * (n // 2), n=20000)


# Two processes that keep both cores busy and sweep 64 MB each, emptying the caches this one uses.
_THRASH = "b = bytearray(64 << 20)\nwhile True:\n    for i in range(0, len(b), 64):\n        b[i] += 1\n"


def test_a_linear_function_passes_while_other_processes_load_the_machine():
    busy = [subprocess.Popen([sys.executable, "-c", _THRASH]) for _ in range(2)]
    try:
        for _ in range(3):
            assert_linear(lambda text: [c for c in text.split() if c != "x"], lambda n: "ab cd " * (n // 6), n=30_000)
    finally:
        for process in busy:
            process.kill()
            process.wait()
