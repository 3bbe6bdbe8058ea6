"""The Dagster instance arqam's commands and ``make dev`` share: ``DAGSTER_HOME``."""
from __future__ import annotations

import os
import shutil
from importlib import resources
from pathlib import Path

from arqam.pipelines.settings import DEFAULT_DAGSTER_HOME


def ensure_dagster_home() -> Path:
    """DAGSTER_HOME exists and holds arqam's instance config (telemetry off, one run at a time)."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        with resources.as_file(resources.files("arqam.pipelines").joinpath("dagster.yaml")) as template:
            shutil.copyfile(template, config)
    os.environ["DAGSTER_HOME"] = str(home)
    return home
