"""``python -m tests.news [tune|blind ...] [--errors]``: score the core on the news corpus.

Prints precision, recall and F1 per fact type for each part asked (both by default), the
qualifier accuracy and the traps hit; ``--errors`` lists the misses and false positives of
the tuning set (never of the blind set: its articles are not read while rules are written).
"""
from __future__ import annotations

import sys

from tests.jobs.test_news_score import score


def main(argv: list[str]) -> int:
    parts = [a for a in argv if a in ("tune", "blind")] or ["tune", "blind"]
    for part in parts:
        result = score(part)
        micro = result["micro"]
        print(f"{part}: {result['gold_facts']} required facts  P {micro['precision']:.3f}  R {micro['recall']:.3f}  "
              f"F1 {micro['f1']:.3f}  qualifiers {result['qualifier_accuracy']}  traps hit {result['traps_hit']}/{result['traps']}")
        for fact_type, c in result["per_type"].items():
            print(f"  {fact_type:<18} tp {c['tp']:>4}  fp {c['fp']:>3}  fn {c['fn']:>3}  P {c['precision']:.2f}  R {c['recall']:.2f}")
        if part == "tune" and "--errors" in argv:
            for kind in ("misses", "false_positives"):
                print(f"\n{kind}:")
                for error in result["errors"][kind]:
                    print("  ", error)
    return 0


sys.exit(main(sys.argv[1:]))
