"""Benchmarks of arqam: how fast the quantity parser reads Arabic text, against a bare regex scan.

``python -m bench`` (or ``make bench``) runs them; ``bench.corpus`` makes the
synthetic articles they read, so every figure is reproducible from a seed.
"""
