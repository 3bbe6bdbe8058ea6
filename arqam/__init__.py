"""arqam: facts from Arabic security news, into DuckDB.

The project's folders are its stages (``extraction``, ``assets``, ``warehouse``,
``expectations``, ``pipelines``); installed, each is a subpackage of this one:
``arqam.extraction``, ``arqam.pipelines`` ... (a package-dir mapping in
pyproject.toml), so the install claims the one name ``arqam``.
"""
from __future__ import annotations

from importlib import metadata as _metadata
from pathlib import Path as _Path

_HERE = _Path(__file__).resolve().parent
# In a source tree that is not installed (a checkout on sys.path), the stages are this
# folder's siblings: look for arqam.<stage> there too.  Installed, they are inside it.
if not (_HERE / "extraction").is_dir() and (_HERE.parent / "extraction" / "__init__.py").is_file():
    __path__.append(str(_HERE.parent))  # noqa: F821 (a package's own __path__)

try:
    __version__ = _metadata.version("arqam")
except _metadata.PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0+unknown"


# The API (arqam/api.py) is imported on first use: `import arqam` stays light.
def extract_facts(text, article_id="article", *, arrow=False):
    """The facts ``arqam run`` would store for ``text`` saved as ``<article_id>.txt`` in the inbox:
    a list of dicts with the columns of the warehouse's ``facts`` table (``arrow=True``: a pyarrow
    Table).  See ``arqam.api.extract_facts``."""
    from arqam.api import extract_facts as extract

    return extract(text, article_id, arrow=arrow)


def connect(snapshot=None):
    """The warehouse's snapshot, opened read-only (by default the one ``arqam facts`` reads).
    See ``arqam.api.connect``."""
    from arqam.api import connect as open_snapshot

    return open_snapshot(snapshot)
