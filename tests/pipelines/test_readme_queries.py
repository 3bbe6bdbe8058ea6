"""The README's SQL runs verbatim on the snapshot of a run over the shipped seeds (what `make run` does),
and the rows it shows under a query are the rows that query gives; its run summary is the real one.

How the README shows a result: the comment lines right under the statement's ``;``.
``--  a | b | c`` is a row (NULL for a null); ``--  …`` after rows: more rows follow, the ones shown
come first; ``-- (no rows ...)``: the query gives none.  A statement with no such lines is only run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pytest

from arqam.pipelines.settings import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
MORE = "…"


@dataclass
class Shown:
    sql: str
    rows: list[str] | None  # None: only run
    complete: bool = True  # False: the rows shown are the first ones, more follow


def shown_queries(markdown: str) -> list[Shown]:
    """Every statement of every ```sql block of ``markdown``, with the result shown under it."""
    found: list[Shown] = []
    for block in re.findall(r"```sql\n(.*?)```", markdown, re.DOTALL):
        statement: list[str] = []
        current: Shown | None = None
        for line in block.splitlines():
            if current is not None and line.startswith("--"):
                if line.startswith("-- (no rows"):
                    current.rows = []
                elif line.rstrip() == f"--  {MORE}":
                    current.complete = False
                elif line.startswith("--  ") and current.complete:
                    current.rows = (current.rows or []) + [line[4:].rstrip()]
                else:
                    raise AssertionError(f"a line under {current.sql!r} that is neither a row nor {MORE}: {line!r}")
                continue
            current = None
            if line.startswith("--") or not line.strip():
                continue
            statement.append(line)
            if line.rstrip().endswith(";"):
                current = Shown("\n".join(statement).rstrip().rstrip(";"), None)
                found.append(current)
                statement = []
        assert not statement, f"a statement without its ';': {statement}"
    return found


def cell(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    return str(value)


def rows_given(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [" | ".join(cell(v) for v in row) for row in con.execute(sql).fetchall()]


def differences(con: duckdb.DuckDBPyConnection, queries: list[Shown]) -> list[str]:
    """What the README shows that a query does not give (and the queries that do not run)."""
    problems = []
    for query in queries:
        try:
            given = rows_given(con, query.sql)
        except duckdb.Error as error:
            problems.append(f"{query.sql}\n  fails: {str(error).splitlines()[0]}")
            continue
        if query.rows is None:
            continue
        ordered = re.search(r"\bORDER BY\b", query.sql, re.IGNORECASE) is not None
        if query.complete:
            same = given == query.rows if ordered else sorted(given) == sorted(query.rows)
        else:
            same = len(given) > len(query.rows) and (
                given[: len(query.rows)] == query.rows if ordered
                else all(given.count(row) >= query.rows.count(row) for row in query.rows)
            )
        if not same:
            shown = "\n".join(f"  --  {row}" for row in query.rows) or "  -- (no rows)"
            real = "\n".join(f"  --  {row}" for row in given) or "  -- (no rows)"
            problems.append(f"{query.sql}\n shows:\n{shown}\n gives:\n{real}")
    return problems


README_MOST_LINES = 250  # the user's page: what arqam does, how to run and query it, where to read more
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def anchor(heading: str) -> str:
    """The anchor a Markdown heading gets on GitHub: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def broken_links(page) -> list[str]:
    """The relative links (and images) of a Markdown page whose file, or heading in that file, does not exist."""
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(target)
        elif fragment and file.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", file.read_text(encoding="utf-8"), re.MULTILINE)
            if fragment not in {anchor(h) for h in headings}:
                broken.append(target)
    return broken


def test_the_readme_is_the_users_page_and_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) < README_MOST_LINES


def test_every_relative_link_of_the_readme_and_the_docs_points_at_a_file_that_exists():
    pages = [README, *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
    broken = {page.name: broken_links(page) for page in pages}
    assert not any(broken.values()), {name: links for name, links in broken.items() if links}


def test_the_link_check_sees_a_missing_file_and_a_missing_heading(tmp_path):
    (tmp_path / "there.md").write_text("# A heading, with commas\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](there.md) [ok](there.md#a-heading-with-commas) [web](https://example.org/x.md) [self](#top)\n"
        "# Top\n[gone](nowhere.md) [gone](there.md#no-such-heading) ![img](missing.png)\n", encoding="utf-8"
    )
    assert broken_links(page) == ["nowhere.md", "there.md#no-such-heading", "missing.png"]


def test_the_readme_shows_its_queries_with_their_rows():
    queries = shown_queries(README.read_text(encoding="utf-8"))
    assert len(queries) >= 10
    assert sum(query.rows is not None for query in queries) >= 6
    assert any(query.rows == [] for query in queries) and any(not query.complete for query in queries)


def test_every_sql_example_of_the_readme_runs_on_the_seeds_snapshot_and_gives_the_rows_shown(seeds_run):
    settings, result = seeds_run
    assert result.success
    queries = shown_queries(README.read_text(encoding="utf-8"))
    with duckdb.connect(str(settings.snapshot), read_only=True) as snapshot:
        problems = differences(snapshot, queries)
    assert not problems, "the README is out of date:\n\n" + "\n\n".join(problems)


SAMPLE = """
```sql
-- a header
SELECT x, y FROM t ORDER BY x;
--  1 | NULL
--  2 | b

SELECT x FROM t
WHERE x > 5;
-- (no rows here)

SELECT y FROM t ORDER BY x;
--  NULL
--  …

SELECT count(*) FROM t;
```
"""


@pytest.fixture
def sample_db():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1, NULL), (2, 'b')) AS v(x, y)")
    yield con
    con.close()


def test_the_reader_of_the_readme_tells_rows_no_rows_first_rows_and_queries_only_run():
    queries = shown_queries(SAMPLE)
    assert [(q.sql, q.rows, q.complete) for q in queries] == [
        ("SELECT x, y FROM t ORDER BY x", ["1 | NULL", "2 | b"], True),
        ("SELECT x FROM t\nWHERE x > 5", [], True),
        ("SELECT y FROM t ORDER BY x", ["NULL"], False),
        ("SELECT count(*) FROM t", None, True),
    ]


def test_the_check_sees_a_stale_row_a_missing_row_a_wrong_order_and_a_query_that_fails(sample_db):
    assert differences(sample_db, shown_queries(SAMPLE)) == []
    stale = [
        SAMPLE.replace("--  2 | b", "--  2 | c"),
        SAMPLE.replace("--  2 | b\n", ""),
        SAMPLE.replace("--  1 | NULL\n--  2 | b", "--  2 | b\n--  1 | NULL"),
        SAMPLE.replace("WHERE x > 5", "WHERE x > 1"),
        SAMPLE.replace("SELECT count(*) FROM t", "SELECT count(*) FROM no_such_table"),
    ]
    for text in stale:
        assert len(differences(sample_db, shown_queries(text))) == 1, text


def test_the_summary_the_readme_shows_is_the_one_a_run_over_the_seeds_prints(seeds_run):
    """The abridged summary under "make run" in the README: each line it keeps is a line of the real one, in
    order ("..." stands for lines left out, /path/to for the project's folder), and the count of checks is real."""
    from arqam.pipelines.summary import run_summary

    settings, result = seeds_run
    real = run_summary(settings, result.run_id, True, []).splitlines()
    text = README.read_text(encoding="utf-8").split("ends with a summary like this (abridged):\n\n```\n")[1]
    shown = text.split("```")[0].splitlines()
    assert re.fullmatch(r"arqam run [0-9a-f]{8}: succeeded", shown[0]) and real[0] == f"arqam run {result.run_id[:8]}: succeeded"
    checks = [line for line in real if re.fullmatch(r"  \w+\.\w+ +(pass|fail|skipped).*", line)]
    position = 1
    for line in shown[1:]:
        if line.strip().startswith("..."):
            count = re.search(r"\((\d+) checks in all\)", line)
            assert count is None or int(count.group(1)) == len(checks), (line, len(checks))
            continue
        pattern = re.escape(line)
        if "/path/to/" in line:  # a path of the reader's machine (the test's folders differ): its file name is checked
            before, _, path = line.partition("/path/to/")
            name, space, after = path.partition(" ")
            pattern = re.escape(before) + r"/\S*/" + re.escape(name.rsplit("/", 1)[-1] + space + after)
        later = [i for i in range(position, len(real)) if re.fullmatch(pattern, real[i])]
        assert later, f"the README's summary shows {line!r}; the run's:\n" + "\n".join(real)
        position = later[0] + 1
