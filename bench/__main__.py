"""``python -m bench``: the parser benchmark (see ``bench/parser.py`` for its flags)."""
from bench.parser import main

main()
