"""The linear-time check used on every text function can fail."""
from __future__ import annotations

import pytest

from tests.complexity import assert_linear


def quadratic(text: str) -> int:
    """Compares every eighth character with every later eighth character."""
    return sum(1 for i in range(0, len(text), 8) for j in range(i, len(text), 8) if text[i] == text[j])


def test_a_quadratic_function_is_caught():
    with pytest.raises(AssertionError, match="not linear"):
        assert_linear(quadratic, lambda n: "ab" * (n // 2), n=3000)


def test_a_linear_function_passes():
    assert_linear(lambda text: text.count("a"), lambda n: "ab" * (n // 2), n=20000)
