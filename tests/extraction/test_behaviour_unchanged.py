"""A refactoring changes no output: every shipped article's rows hash as the landed rules made them."""
import json

import pytest

from tests.behaviour import GOLDEN, fingerprint


@pytest.mark.slow
def test_every_article_gives_the_rows_the_landed_rules_gave():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    current = fingerprint()
    changed = sorted(key for key in golden.keys() | current.keys() if golden.get(key) != current.get(key))
    assert len(golden) > 800
    assert not changed, f"{len(changed)} of {len(golden)} outputs changed (rules changed on purpose? "
    f"`python -m tests.behaviour --write`): {changed[:10]}"
