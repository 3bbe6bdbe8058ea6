"""Write the bad-input corpus to a folder: python -m tests.bad_inputs INBOX [OUTSIDE]"""
import sys
from pathlib import Path

from tests.bad_inputs import CORPUS_MAX_BYTES, write_corpus

if len(sys.argv) < 2:
    sys.exit("usage: python -m tests.bad_inputs INBOX [OUTSIDE]  (OUTSIDE: where links point out to; default INBOX_outside)")
inbox = Path(sys.argv[1])
outside = Path(sys.argv[2]) if len(sys.argv) > 2 else inbox.with_name(inbox.name + "_outside")
expected = write_corpus(inbox, outside)
print(f"{len(expected)} expectations; run with ARQAM_MAX_BYTES={CORPUS_MAX_BYTES}. Give back the permissions with")
print(f"  chmod 755 {inbox}/perm/locked_folder && chmod 644 {inbox}/perm/locked.txt")
