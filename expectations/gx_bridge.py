"""Great Expectations 1.x behind a small interface: validate a DataFrame against a suite.

GX objects (pandas data source, suites, validation definitions, checkpoints
with a Data Docs action) are created or updated once when the gate is opened,
and only fetched afterwards: concurrent ``add_or_update`` calls on one file
context fail (docs/stack.md).  GX is imported here only, lazily, because the
import alone costs seconds.
"""
from __future__ import annotations

import hashlib
import html
import json
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from arqam.expectations.suites import ExpectationSpec, Suite, suites

DATASOURCE = "arqam_batches"
KEEP_RESULTS_PER_SUITE = 20  # Data Docs rebuild time grows with every stored result
NO_SUITE = "arqam_no_such_suite"  # a resource no Data Docs page is rendered for
# BASIC: counts and up to 20 unexpected values, which is all arqam reports; SUMMARY adds row
# indices, two more copies of the whole frame per expectation
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 20}


@dataclass(frozen=True)
class ExpectationOutcome:
    name: str
    gx_type: str
    column: str | None
    success: bool
    element_count: int | None
    unexpected_count: int | None
    unexpected_sample: list
    observed_value: str | None
    why: str


@dataclass(frozen=True)
class ValidationOutcome:
    table: str
    rows: int
    expectations: tuple[ExpectationOutcome, ...]
    validated_at: datetime
    batches: int = 1  # the batches this outcome merges (merge_outcomes)

    @property
    def success(self) -> bool:
        return all(e.success for e in self.expectations)

    def failures(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]

    def dq_rows(self, run_id: str) -> list[dict]:
        """Rows for the dq_results table."""
        return [
            {
                "run_id": run_id,
                "stage": self.table,
                "check_name": e.name,
                "expectation_type": e.gx_type,
                "column_name": e.column,
                "success": e.success,
                "status": "pass" if e.success else "fail",
                "batches": self.batches,
                "element_count": e.element_count,
                "unexpected_count": e.unexpected_count,
                "unexpected_sample": json.dumps(e.unexpected_sample, ensure_ascii=False, default=str),
                "observed_value": e.observed_value,
                "validated_at": self.validated_at,
            }
            for e in self.expectations
        ]


def merge_outcomes(outcomes: list[ValidationOutcome]) -> ValidationOutcome | None:
    """One outcome for a stage validated batch by batch: passed where every batch passed.

    Counts are summed; the sample is the first failing batch's (else the first batch's);
    the observed value is the last batch's.
    """
    if not outcomes:
        return None
    if len(outcomes) == 1:
        return outcomes[0]
    merged = []
    for per_batch in zip(*(o.expectations for o in outcomes)):
        first = per_batch[0]
        failing = [e for e in per_batch if not e.success]

        def total(field: str, per_batch=per_batch) -> int | None:
            values = [getattr(e, field) for e in per_batch if getattr(e, field) is not None]
            return sum(values) if values else None

        merged.append(
            replace(
                first,
                success=not failing,
                element_count=total("element_count"),
                unexpected_count=total("unexpected_count"),
                unexpected_sample=(failing[0] if failing else first).unexpected_sample,
                observed_value=per_batch[-1].observed_value,
            )
        )
    return ValidationOutcome(
        outcomes[0].table, sum(o.rows for o in outcomes), tuple(merged), outcomes[-1].validated_at,
        sum(o.batches for o in outcomes),
    )


class QualityGate:
    """A GX file context under ``project_dir`` with every arqam suite ready to run.

    ``project_dir=None``: an ephemeral context, in memory, with no Data Docs (the Parquet path's:
    its steps run on machines that share no GX project, and its record is its dq_results)."""

    def __init__(self, project_dir: str | Path | None):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self._gx = gx
        if project_dir is None:
            self.project_dir = None
            self.context = gx.get_context(mode="ephemeral")
        else:
            self.project_dir = Path(project_dir)
            self.project_dir.mkdir(parents=True, exist_ok=True)
            self.context = gx.get_context(mode="file", project_root_dir=str(self.project_dir))
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.context.variables.save()
        self._specs: dict[str, dict[str, ExpectationSpec]] = {}
        self._checkpoints: dict = {}  # by table: fetched once, not read back from the store per batch
        # what Data Docs do not show yet: results stored since they were last built, suites (re)written
        self._results_not_in_docs: list = []
        self._pruned = 0
        suites_before = self._suite_files()
        if self._registered() == self._fingerprint(suites_before) and self._fetch_checkpoints():
            self._suites_not_in_docs = []
        else:
            self._mark_registered(None)  # a registration killed half-way is not taken for a whole one
            datasource = self.context.data_sources.add_or_update_pandas(DATASOURCE)
            for suite in suites().values():
                self._register(datasource, suite)
            suites_after = self._suite_files()
            self._suites_not_in_docs = sorted(
                name for name, suite in suites_after.items() if suite is None or suites_before.get(name) != suite
            )
            self._mark_registered(self._fingerprint(suites_after))
        self._prune_old_results()

    @property
    def data_docs_index(self) -> Path:
        return self.project_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

    def _register(self, datasource, suite: Suite) -> None:
        gx = self._gx
        try:
            asset = datasource.get_asset(suite.table)
        except LookupError:
            asset = datasource.add_dataframe_asset(suite.table)
        try:
            batch_definition = asset.get_batch_definition("whole_batch")
        except KeyError:
            batch_definition = asset.add_batch_definition_whole_dataframe("whole_batch")
        gx_suite = gx.ExpectationSuite(name=suite.name, expectations=[self._build(spec) for spec in suite.expectations])
        gx_suite = self.context.suites.add_or_update(gx_suite)
        validation = self.context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
        )
        self._checkpoints[suite.table] = self.context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=suite.name,
                validation_definitions=[validation],
                actions=[],  # Data Docs are built once per run (build_data_docs), not once per batch
                result_format=RESULT_FORMAT,
            )
        )
        self._specs[suite.table] = {spec.name: spec for spec in suite.expectations}

    # -- registered once: a project whose objects are those of suites.py is not written again ---------
    # Registering compares and rewrites every suite, validation definition and checkpoint (most of
    # what opening the project costs, on every run); the marker says which configuration the stored
    # objects were made from, and which suite files they left.  Anything else, or an object that
    # cannot be fetched, and they are registered again.

    def _marker(self) -> Path | None:
        return None if self.project_dir is None else self.project_dir / "gx" / "arqam_registered.txt"

    def _fingerprint(self, suite_files: dict[str, object]) -> str:
        described = {
            "gx": self._gx.__version__,
            "datasource": DATASOURCE,
            "suites": [[suite.name, suite.table, [[spec.name, spec.gx_type, spec.kwargs, spec.why] for spec in suite.expectations]]
                       for suite in suites().values()],
            "result_format": RESULT_FORMAT,
            "stored": suite_files,
        }
        return hashlib.sha256(json.dumps(described, sort_keys=True, default=repr).encode()).hexdigest()

    def _registered(self) -> str | None:
        marker = self._marker()
        try:
            return marker.read_text(encoding="utf-8").strip() if marker is not None else None
        except OSError:
            return None

    def _mark_registered(self, fingerprint: str | None) -> None:
        marker = self._marker()
        if marker is None:
            return
        if fingerprint is None:
            marker.unlink(missing_ok=True)
            return
        written = marker.with_name(marker.name + ".new")
        written.write_text(fingerprint + "\n", encoding="utf-8")
        written.replace(marker)

    def _fetch_checkpoints(self) -> bool:
        """Every suite's checkpoint, as stored; False if one cannot be had."""
        try:
            checkpoints = {suite.table: self.context.checkpoints.get(suite.name) for suite in suites().values()}
        except Exception:  # missing or damaged: registered again
            return False
        self._checkpoints = checkpoints
        self._specs = {suite.table: {spec.name: spec for spec in suite.expectations} for suite in suites().values()}
        return True

    def _build(self, spec: ExpectationSpec):
        import great_expectations.expectations as gxe

        return getattr(gxe, spec.gx_type)(**spec.kwargs, meta={"check": spec.name}, description=spec.why or None)

    def _suite_files(self) -> dict[str, object]:
        """Each stored suite, by name, as its page shows it: without the ids GX draws anew at each update."""
        if self.project_dir is None:
            return {}
        folder = self.project_dir / "gx" / "expectations"
        if not folder.is_dir():
            return {}
        found = {}
        for path in folder.glob("*.json"):
            try:
                found[path.stem] = _without_ids(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                found[path.stem] = None  # unreadable: rendered again
        return found

    def build_data_docs(self, everything: bool = False) -> Path:
        """Bring the static report up to date; its index page.

        Only what it does not show yet is rendered: the stored results that have no page (those
        this gate stored since the last build, and any a killed run left) and the suites this
        gate wrote anew, then the index (which also drops the pages of pruned results).  A full
        rebuild renders every stored result and suite again, its cost growing with them: done when
        asked (``everything``) or when there is no report yet.
        """
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        self._prune_old_results()
        if everything or not self.data_docs_index.exists():
            self.context.build_data_docs()
        elif self.docs_out_of_date:
            # every stored result without its page: this gate's, and any a run killed before its end left
            site = self.data_docs_index.parent / "validations"
            changed = [key for key in self.context.validation_results_store.list_keys()
                       if not site.joinpath(*key.to_tuple()[:-1], key.to_tuple()[-1] + ".html").exists()]
            changed += [ExpectationSuiteIdentifier(name=name) for name in self._suites_not_in_docs]
            # GX renders every page for an empty list: a name no suite has renders none, then the index
            self.context.build_data_docs(resource_identifiers=changed or [ExpectationSuiteIdentifier(name=NO_SUITE)])
        self._results_not_in_docs, self._suites_not_in_docs, self._pruned = [], [], 0
        return self.data_docs_index

    @property
    def docs_out_of_date(self) -> bool:
        """Data Docs lack a result or a suite this gate stored, or show a result since pruned."""
        return bool(self._results_not_in_docs or self._suites_not_in_docs or self._pruned)

    def validate(self, table: str, frame: pa.Table | pd.DataFrame, build_docs: bool = True) -> ValidationOutcome:
        """Run the table's checkpoint on ``frame``; refresh Data Docs unless the caller will, once, later."""
        checkpoint = self._checkpoints[table]
        result = checkpoint.run(batch_parameters={"dataframe": to_pandas(escape_text(frame))})
        self._results_not_in_docs += list(result.run_results)
        outcomes = []
        for validation in result.run_results.values():
            for item in validation.results:
                config = item.expectation_config
                name = (config.meta or {}).get("check", config.type)
                details = item.result or {}
                observed = details.get("observed_value")
                outcomes.append(
                    ExpectationOutcome(
                        name=name,
                        gx_type=config.type,
                        column=config.kwargs.get("column") or config.kwargs.get("column_A"),
                        success=bool(item.success),
                        element_count=details.get("element_count"),
                        unexpected_count=details.get("unexpected_count"),
                        unexpected_sample=unescape_values(list(details.get("partial_unexpected_list") or [])[:20]),
                        observed_value=None if observed is None else unescape_values(str(observed)),
                        why=self._specs[table][name].why if name in self._specs[table] else "",
                    )
                )
        if build_docs:
            self.build_data_docs()
        return ValidationOutcome(table, len(frame), tuple(outcomes), datetime.now(UTC).replace(tzinfo=None))

    def _prune_old_results(self) -> None:
        """Keep the newest results per suite: older ones only slow Data Docs down.

        GX stores a result as ``validations/<suite>/<run name>/<run time>/<batch>.json``: the
        results of a suite are its run-time folders, under every run name."""
        if self.project_dir is None:
            return
        root = self.project_dir / "gx" / "uncommitted" / "validations"
        if not root.is_dir():
            return
        for suite_dir in root.iterdir():
            if not suite_dir.is_dir():
                continue
            runs = [run for name in suite_dir.iterdir() if name.is_dir() for run in name.iterdir() if run.is_dir()]
            runs.sort(key=lambda p: p.name)  # the run's UTC time, as GX names the folder: oldest first
            for old in runs[:-KEEP_RESULTS_PER_SUITE]:
                shutil.rmtree(old, ignore_errors=True)
                self._pruned += 1


def _without_ids(value):
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


# ---------------------------------------------------------------------------
# Data Docs show the unexpected values of a failing check as they are, unescaped (GX 1.x
# writes them into the page's HTML): an article's text or a file name such as
# "<script>...</script>" would run in the reader's browser. So GX is given the text with
# & < > escaped, and the values it reports back are unescaped for dq_results and Dagster.
# Escaping is one-to-one and leaves every value of the suites' sets, codes and regexes as
# it is (tests/test_security.py checks it), so no check decides differently.


def escape_text(frame: pa.Table | pd.DataFrame) -> pa.Table | pd.DataFrame:
    """``frame`` with every string cell HTML-escaped (quotes kept: the values are element text).

    Arrow does it a column at a time; Arabic news rarely holds < > &, so a column without them
    is left as it is."""
    if isinstance(frame, pd.DataFrame):
        return to_pandas(escape_text(pa.Table.from_pandas(frame, preserve_index=False)))
    for index, field in enumerate(frame.schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        column = frame.column(index)
        if pc.any(pc.match_substring_regex(column, "[&<>]")).as_py():
            for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):  # & first, as html.escape
                column = pc.replace_substring(column, character, entity)
            frame = frame.set_column(index, field, column)
    return frame


def to_pandas(frame: pa.Table | pd.DataFrame) -> pd.DataFrame:
    """The DataFrame GX is given."""
    if isinstance(frame, pd.DataFrame):
        return frame
    return frame.to_pandas()


def unescape_values(value):
    """What ``escape_text`` did, undone in a reported value (a string, or lists and dicts of them)."""
    if isinstance(value, str):
        return html.unescape(value) if "&" in value else value
    if isinstance(value, (list, tuple)):
        return type(value)(unescape_values(item) for item in value)
    if isinstance(value, dict):
        return {key: unescape_values(item) for key, item in value.items()}
    return value
