"""``python -m bench.mentions`` runs and reports every ratio (speed is never asserted: the figures
belong to docs/performance.md, measured on the project's machine)."""
from __future__ import annotations

import json
from pathlib import Path

from bench import mentions

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"


def test_the_mentions_benchmark_reports_every_ratio(tmp_path, capsys):
    out = tmp_path / "mentions.json"
    results = mentions.main(["--folder", str(SEEDS), "--news", "3", "--repeat", "1", "--json", str(out)])
    assert json.loads(out.read_text()) == results
    seeds, news = results
    assert seeds["articles"] >= 5 and seeds["characters"] > 10_000
    assert news["articles"] == 3 and 0.3 < news["mentions_per_kb"] < 3
    assert set(seeds["ratios"]) == set(mentions.MEASURES)
    assert seeds["ratios"]["bare"] == 1.0 and all(value > 0 for value in seeds["ratios"].values())
    assert 0 < seeds["read_share"] < 1  # the seeds have sentences far from any figure
    assert "core_whole" in capsys.readouterr().out
