-- arqam warehouse, schema version 9: every run records every check, also one that had nothing to
-- validate, and says which it was.
--
-- A run that finds no new rows for a stage validated nothing, yet it used to write no row for
-- that stage's checks, and the summary and Dagster showed them passed.  Now the run writes one
-- row per check all the same, its status 'skipped: no new rows', its success NULL (neither passed
-- nor failed: bool_and(success) and WHERE NOT success leave it out).
--
-- status:  'pass', 'fail' or 'skipped: no new rows'.  Rows written before this version were all
--          validated: their status follows their success.
-- batches: how many batches of the run's new rows the result merges (a stage validates each
--          batch it writes; the record is one row over all of them); 0 when skipped; NULL in
--          rows written before this version, whose count nobody kept.
ALTER TABLE dq_results ALTER COLUMN success DROP NOT NULL;
ALTER TABLE dq_results ADD COLUMN IF NOT EXISTS status VARCHAR;
ALTER TABLE dq_results ADD COLUMN IF NOT EXISTS batches INTEGER;
UPDATE dq_results SET status = CASE WHEN success THEN 'pass' ELSE 'fail' END WHERE status IS NULL;
