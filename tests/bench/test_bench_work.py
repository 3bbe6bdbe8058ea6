"""``python -m bench work``: the instructions of an extraction pass, read from valgrind's summary,
and a clear refusal when it cannot count (the counting itself takes minutes: run it by hand)."""
from __future__ import annotations

import pytest

from bench import work

CACHEGRIND_TAIL = """==28180==
==28180== I   refs:      28,888,555,630
"""


def test_the_instruction_count_is_read_from_the_summary():
    assert work.parse_instructions(CACHEGRIND_TAIL) == 28_888_555_630


def test_output_without_a_count_is_an_error_that_quotes_it():
    with pytest.raises(ValueError, match="no instruction count.*Segmentation fault"):
        work.parse_instructions("==1== Process terminating: Segmentation fault")


def test_the_child_command_counts_instructions_only(tmp_path):
    command = work._command(tmp_path / "tree", tmp_path / "inbox", 2)
    assert command[:4] == ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
    assert command[-3:] == [str(tmp_path / "tree"), str(tmp_path / "inbox"), "2"]


def test_without_valgrind_it_says_so_and_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(work.shutil, "which", lambda name: None)
    assert work.main(["--against", "HEAD"]) == 2
    assert "valgrind is not installed" in capsys.readouterr().err


def test_an_unknown_revision_is_refused_before_any_work(monkeypatch, capsys):
    monkeypatch.setattr(work.shutil, "which", lambda name: "/usr/bin/valgrind")
    monkeypatch.setattr(work, "write_corpus", lambda *a, **k: pytest.fail("no corpus for an unknown revision"))
    assert work.main(["--against", "no-such-revision-anywhere"]) == 2
    assert "no revision 'no-such-revision-anywhere'" in capsys.readouterr().err
