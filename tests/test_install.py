"""The install claims one name, arqam: the wheel holds only the package ``arqam`` and
its dist-info, and installed alone, outside the repository, it imports and extracts."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

from arqam.pipelines.settings import PROJECT_ROOT

# what the build reads: the project's metadata and the folders of the flow
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "arqam", "extraction", "assets", "warehouse", "expectations", "pipelines")
# my own sentence: two soldiers were wounded when a rocket fell near the base, a security source said
SENTENCE = "أفاد مصدر أمني بإصابة جنديين اثنين عندما سقط صاروخ قرب القاعدة."

SCRIPT = r"""
import importlib, json, sys
import arqam
import arqam.extraction.numbers.parser, arqam.pipelines.settings
facts = arqam.extract_facts(sys.argv[1], article_id="rocket")
missing = []
for name in ("extraction", "assets", "pipelines", "warehouse", "expectations"):
    try:
        importlib.import_module(name)
    except ModuleNotFoundError:
        missing.append(name)
print(json.dumps({
    "files": [arqam.__file__, arqam.extraction.numbers.parser.__file__, arqam.pipelines.settings.__file__],
    "version": arqam.__version__,
    "facts": [[f["fact_type"], f["value"], f["article_id"]] for f in facts],
    "not_importable": missing,
}))
"""


def test_the_wheel_holds_only_arqam_and_works_installed_alone(tmp_path):
    source = tmp_path / "source"  # a copy: the build writes its folders (build/, *.egg-info) beside the sources
    source.mkdir()
    for name in SOURCES:
        path = PROJECT_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(path, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(tmp_path / "dist"),
         str(source)],
        capture_output=True, text=True, timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("arqam-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    version = wheel.name.split("-")[1]
    assert {name.split("/")[0] for name in names} == {"arqam", f"arqam-{version}.dist-info"}
    # the data the code reads ships inside it: lexicons, migrations, the Dagster instance template
    assert "arqam/extraction/data/actors.tsv" in names
    assert "arqam/warehouse/sql/001_initial.sql" in names and "arqam/pipelines/dagster.yaml" in names

    target = tmp_path / "site"
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=600,
    )
    assert installed.returncode == 0, installed.stderr
    outside = tmp_path / "elsewhere"  # not the repository: its folders must not be what is imported
    outside.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, SENTENCE], cwd=outside, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert all(path.startswith(str(target)) for path in seen["files"]), seen["files"]
    assert seen["version"] == version  # from the installed dist-info
    assert seen["facts"] == [["wounded", 2.0, "rocket"]]
    assert seen["not_importable"] == ["extraction", "assets", "pipelines", "warehouse", "expectations"]
