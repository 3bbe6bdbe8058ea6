"""``python -m bench [scale|parser|mentions|work] ...``: the scale benchmark (the default), the parser
benchmark, the mentions core against a bare scan, or the work of extraction against another revision.

- ``python -m bench --articles 10000`` (``scale``): the whole pipeline on a synthetic
  corpus; see ``bench/scale.py``.
- ``python -m bench parser --mb 1 --profile``: the quantity parser alone against a
  bare ``\\d+`` scan; see ``bench/parser.py``.
- ``python -m bench mentions``: the ``fact_mentions`` core and its parts (parser, fact typing),
  against a bare ``\\d+`` scan; see ``bench/mentions.py``.
- ``python -m bench work --against f9506c6``: the instructions of one extraction pass here and
  at that revision, independent of the machine's load; see ``bench/work.py``.

Without a subcommand, arguments of the parser benchmark's own (``--mb``) still run
the parser benchmark, so ``make bench ARGS="--mb 1"`` keeps working.
"""
import sys

PARSER_ONLY_FLAGS = ("--mb", "--profile-sort")


def main(argv: list[str]) -> int:
    if argv[:1] == ["mentions"]:
        from bench import mentions

        mentions.main(argv[1:])
        return 0
    if argv[:1] == ["work"]:
        from bench import work

        return work.main(argv[1:])
    if argv[:1] == ["parser"] or (argv[:1] != ["scale"] and any(a.split("=")[0] in PARSER_ONLY_FLAGS for a in argv)):
        from bench import parser

        parser.main(argv[1:] if argv[:1] == ["parser"] else argv)
        return 0
    from bench import scale

    report = scale.main(argv[1:] if argv[:1] == ["scale"] else argv)
    return 0 if report.get("ok", True) else 1


sys.exit(main(sys.argv[1:]))
