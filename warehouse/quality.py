"""What the quality record (``dq_results``, ``v_dq_history``) is read as, for its site and reports."""
from __future__ import annotations

from collections.abc import Sequence

import duckdb

_RUN_RESULTS = """
SELECT d.run_id, r.run_started, d.stage, d.check_name, d.expectation_type, d.column_name,
       coalesce(d.status, CASE WHEN d.success THEN 'pass' WHEN NOT d.success THEN 'fail' END) AS status,
       d.batches, d.element_count, d.unexpected_count, d.unexpected_sample, d.observed_value, d.validated_at
FROM dq_results d
JOIN (SELECT run_id, min(validated_at) AS run_started FROM dq_results WHERE run_id = $run GROUP BY run_id) r USING (run_id)
WHERE d.run_id = $run AND d.stage IN (SELECT unnest($stages))
ORDER BY d.stage, d.check_name
"""

_HISTORY = """
SELECT run_started, run_id, runs_ago, stage, check_name, status, rows_validated, batches
FROM v_dq_history WHERE runs_ago < $keep ORDER BY run_started, run_id, stage, check_name
"""


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


def run_results(con: duckdb.DuckDBPyConnection, run_id: str, stages: Sequence[str]) -> list[dict]:
    """Every check result of ``run_id`` for ``stages`` (by stage, then check), with when the run started."""
    return _dicts(con.execute(_RUN_RESULTS, {"run": run_id, "stages": list(stages)}))


def check_history(con: duckdb.DuckDBPyConnection, keep_runs: int) -> list[dict]:
    """The results of the newest ``keep_runs`` runs, oldest first."""
    return _dicts(con.execute(_HISTORY, {"keep": keep_runs}))
