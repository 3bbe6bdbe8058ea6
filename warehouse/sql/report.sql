-- The queries of `arqam report` and `arqam explain` (pipelines/report.py, pipelines/explain.py),
-- run read-only on the snapshot.  Each starts at a "-- name: NAME" line.
--
-- The report's time axis is one date per fact: the date the figure describes (as_of) where the
-- warehouse has one, else the article's publication date, else the day arqam first read the
-- article; date_basis says which.  The SQL is written for the schema of today (published and
-- as_of as text) and of tomorrow (published a TIMESTAMP, facts.as_of_start typed): TRY_CAST
-- takes either, and {as_of_start} is replaced by the typed column where the warehouse has it,
-- else by NULL (the year named in the as_of text is then the fallback).

-- name: report_facts
CREATE OR REPLACE TEMP VIEW report_facts AS
WITH current_version AS (
    SELECT article_id, min(first_seen) AS read_at
    FROM article_versions WHERE superseded_at IS NULL
    GROUP BY article_id
), dated AS (
    SELECT f.fact_id, f.article_id, f.fact_type, f.label_en, f.value, f.value_min, f.value_max,
           f.qualifier, f.unit, f.actor, f.actor_en, f.actor_key, f.attribution, f.as_of,
           f.evidence, f.evidence_start, f.evidence_end, f.start_offset, f.end_offset, f.rule,
           a.source_path, a.title, a.url,
           coalesce(
               {as_of_start},
               TRY_CAST(f.as_of AS TIMESTAMP),
               make_timestamp(TRY_CAST(nullif(regexp_extract(f.as_of, '(19|20)\d\d'), '') AS BIGINT), 1, 1, 0, 0, 0)
           ) AS as_of_at,
           TRY_CAST(a.published AS TIMESTAMP) AS published_at,
           v.read_at
    FROM facts f
    JOIN raw_articles a USING (article_id)
    LEFT JOIN current_version v USING (article_id)
)
SELECT *,
       coalesce(as_of_at, published_at, read_at) AS dated_at,
       CASE WHEN as_of_at IS NOT NULL THEN 'the date it describes'
            WHEN published_at IS NOT NULL THEN 'published'
            WHEN read_at IS NOT NULL THEN 'read by arqam'
       END AS date_basis
FROM dated;

-- name: totals
SELECT (SELECT count(*) FROM raw_articles) AS articles,
       (SELECT count(*) FROM facts) AS facts,
       (SELECT count(*) FROM claims) AS claims,
       (SELECT count(*) FROM claims WHERE disagreement) AS claims_in_disagreement,
       (SELECT count(*) FROM quarantine) AS quarantined,
       (SELECT count(DISTINCT run_id) FROM dq_results) AS quality_runs;

-- name: over_time
-- One point per fact type, day and date basis: how many figures, and the largest.
SELECT fact_type, label_en, date_trunc('day', dated_at) AS day, date_basis,
       count(*) AS figures, max(value) AS largest
FROM report_facts
WHERE dated_at IS NOT NULL
GROUP BY ALL
ORDER BY label_en, day, date_basis;

-- name: top_actors
-- Actors grouped by their key, as the views do: the spellings of one entity are one row.
SELECT coalesce(max(actor_en), min(actor)) AS name, max(actor_en) AS actor_en, min(actor) AS actor_ar,
       count(*) AS facts, count(DISTINCT article_id) AS articles,
       list(DISTINCT label_en ORDER BY label_en) AS fact_types
FROM report_facts
WHERE actor <> ''
GROUP BY coalesce(actor_key, actor)
ORDER BY facts DESC, articles DESC, name
LIMIT ?;

-- name: disagreements
-- Every value of each quantity in disagreement, with each source that reports it.
WITH c AS (
    SELECT quantity_key, fact_type, unit, actor, actor_en, value, qualifier, n_sources,
           unnest(fact_ids) AS fact_id
    FROM claims WHERE disagreement
)
SELECT c.quantity_key, c.fact_type, min(f.label_en) AS label_en, c.unit, c.actor, c.actor_en,
       c.value, c.qualifier, c.n_sources,
       list(struct_pack(article_id := f.article_id, source := coalesce(a.title, a.source_path),
                        url := a.url, published := CAST(a.published AS VARCHAR), evidence := f.evidence,
                        figure_start := f.start_offset - f.evidence_start,
                        figure_end := f.end_offset - f.evidence_start)
            ORDER BY f.article_id) AS sources
FROM c JOIN facts f USING (fact_id) JOIN raw_articles a ON a.article_id = f.article_id
GROUP BY c.quantity_key, c.fact_type, c.unit, c.actor, c.actor_en, c.value, c.qualifier, c.n_sources
ORDER BY c.fact_type, c.quantity_key, c.value;

-- name: latest_facts
-- The latest reported: by publication date, then those without one by the day arqam read them.
SELECT fact_id, article_id, fact_type, label_en, value, value_min, value_max, qualifier, unit,
       actor, actor_en, attribution, as_of, evidence,
       start_offset - evidence_start AS figure_start, end_offset - evidence_start AS figure_end,
       coalesce(title, source_path) AS source, url, dated_at, date_basis
FROM report_facts
ORDER BY published_at DESC NULLS LAST, read_at DESC NULLS LAST, article_id, start_offset
LIMIT ?;

-- name: quarantine_reasons
SELECT reason, count(*) AS files, min(message) AS example_message,
       list(source_path ORDER BY source_path)[1:5] AS examples
FROM quarantine
GROUP BY reason
ORDER BY files DESC, reason;

-- name: quality_history
-- One row per run that validated something: how many checks passed, and which failed.
SELECT run_id, min(validated_at) AS validated_at, count(*) AS checks,
       count(*) FILTER (WHERE success) AS passed,
       count(*) FILTER (WHERE NOT success) AS failed,
       coalesce(list(stage || '.' || check_name ORDER BY stage, check_name) FILTER (WHERE NOT success), []) AS failed_checks
FROM dq_results
GROUP BY run_id
ORDER BY validated_at, run_id;

-- name: explain_fact
-- One fact (by its id, or a prefix of it) with its article's raw text and what cleaning did.
SELECT f.fact_id, f.article_id, f.fact_type, f.label_en, f.value, f.value_min, f.value_max, f.qualifier,
       f.unit, f.actor, f.actor_en, f.actor_key, f.attribution, f.as_of, f.rule, f.mention_ids,
       f.evidence_start, f.evidence_end, f.start_offset, f.end_offset, f.raw_start, f.raw_end,
       a.source_path, a.title, a.url, CAST(a.published AS VARCHAR) AS published, a.raw_text,
       c.map_clean, c.map_raw, c.removed
FROM facts f
JOIN raw_articles a USING (article_id)
JOIN clean_articles c USING (article_id)
WHERE starts_with(f.fact_id, ?)
ORDER BY f.fact_id
LIMIT 2;

-- name: explain_mentions
SELECT mention_id, surface, start_offset, end_offset, raw_start, raw_end, kind, counted, rule
FROM fact_mentions
WHERE list_contains(?, mention_id)
ORDER BY start_offset, mention_id;
