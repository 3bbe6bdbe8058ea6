-- arqam warehouse, schema version 8: dates an analyst can count by (issue 16, point 1).

-- When the article was published, as a timestamp (UTC, without the offset; a date alone is its
-- midnight), and which part of the input said so (extraction.published.PUBLISHED_SOURCES):
-- jsonl_field | html_meta | json_ld | html_time | dateline; NULL when none did.  Values stored as
-- text before this version are kept where they read as a timestamp, and every article is read
-- again by the next run (flags NULL: see 003), which finds the source and the value afresh:
-- same text, same sha256, so nothing downstream is redone for it.
ALTER TABLE raw_articles ALTER COLUMN published TYPE TIMESTAMP USING try_cast(published AS TIMESTAMP);
ALTER TABLE raw_articles ADD COLUMN published_source VARCHAR;
UPDATE raw_articles SET flags = NULL;

-- The days the date nearest a figure covers (as_of keeps its text): 2020 -> 2020-01-01..2020-12-31,
-- مارس 2021 -> the month, a day -> that day (extraction.date_intervals).  NULL where as_of is, and
-- in rows written before this version until the next run.
ALTER TABLE fact_mentions ADD COLUMN as_of_start DATE;
ALTER TABLE fact_mentions ADD COLUMN as_of_end DATE;
ALTER TABLE facts ADD COLUMN as_of_start DATE;
ALTER TABLE facts ADD COLUMN as_of_end DATE;
-- Mentions and facts written before this version are built again from their articles, and the
-- claims in full: their days are needed, and claims now compare figures by them (issue 16, point 8).
DELETE FROM stage_progress WHERE stage IN ('fact_mentions', 'facts');
DELETE FROM derived_builds WHERE table_name = 'claims';
