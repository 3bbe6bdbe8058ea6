"""The pure-Python core of arqam: reading, cleaning, number parsing and fact typing.

No Dagster and no DuckDB here: every function is usable from any engine.
"""
