-- Analysis views, recreated whenever the warehouse is opened for writing.

CREATE OR REPLACE VIEW v_facts AS
SELECT f.article_id, a.title, a.published, a.source_path,
       f.fact_type, f.label_en, f.value, f.value_min, f.value_max, f.qualifier, f.unit,
       f.actor_en, f.actor, f.actor_key, f.attribution, f.as_of, f.evidence, f.rule, f.fact_id
FROM facts f JOIN raw_articles a USING (article_id);

-- Troop counts by source and date: what each article says, and when.
CREATE OR REPLACE VIEW v_troop_counts AS
SELECT coalesce(as_of, strftime(published, '%Y-%m-%d')) AS as_of_or_published, article_id, source_path,
       value AS troops, qualifier, actor_en, actor, attribution, evidence
FROM v_facts WHERE fact_type = 'troops'
ORDER BY as_of_or_published NULLS LAST, article_id;

-- Attacks by actor (the group an attack figure is attributed to). Actors are grouped by
-- their key, so the spellings of one known entity (القوات الأمريكية, قوات أميركية) are one row;
-- actor shows one of its spellings, actor_en its English name when the gazetteer knows it
-- (first, for readers of English; the Arabic beside it).
CREATE OR REPLACE VIEW v_attacks_by_actor AS
SELECT max(actor_en) AS actor_en, coalesce(nullif(min(actor), ''), '(unstated)') AS actor,
       count(*) AS reports, max(value) AS highest_figure,
       list(DISTINCT article_id ORDER BY article_id) AS articles
FROM facts WHERE fact_type = 'attacks'
GROUP BY coalesce(actor_key, actor) ORDER BY highest_figure DESC;

-- Funding by donor, per currency (donors grouped by actor key, as attacks by actor).
CREATE OR REPLACE VIEW v_funding_by_donor AS
SELECT max(actor_en) AS donor_en, coalesce(nullif(min(actor), ''), '(unstated)') AS donor, unit AS currency,
       count(*) AS reports, sum(value) FILTER (WHERE qualifier <> 'vague') AS stated_total,
       list(evidence ORDER BY value DESC) AS evidence
FROM facts WHERE fact_type = 'funding'
GROUP BY coalesce(actor_key, actor), unit ORDER BY stated_total DESC NULLS LAST;

-- Disagreements across sources: one row per quantity (type, unit, actor) whose articles give
-- different values, with the values side by side and who reports each.
CREATE OR REPLACE VIEW v_claim_disagreements AS
SELECT quantity_key, fact_type, unit, max(actor_en) AS actor_en, min(actor) AS actor,
       count(*) AS n_values,
       list(struct_pack(value := value, qualifier := qualifier, n_sources := n_sources, article_ids := article_ids)
            ORDER BY value) AS values_reported
FROM claims WHERE disagreement
GROUP BY quantity_key, fact_type, unit
ORDER BY fact_type, quantity_key;

-- The latest data-quality result of every check, for dashboards: the latest that validated rows
-- (a run that found none records the check as skipped: v_dq_history shows those too).
CREATE OR REPLACE VIEW v_dq_latest AS
SELECT * FROM dq_results WHERE success IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY stage, check_name ORDER BY validated_at DESC) = 1
ORDER BY stage, check_name;

-- == dates (docs/dates.md) ================================================================
-- Figures by day, week and month, per fact type, unit and actor.  A figure is placed on the date
-- it describes (as_of) when the days of its as_of lie within one period of the view, else on its
-- article's publication date; dated_by says which, and is a column of the grouping: a count never
-- mixes the two.  A figure with neither is left out.  Weeks start on Monday (ISO).
CREATE OR REPLACE VIEW v_facts_dated AS
SELECT f.fact_id, f.article_id, f.fact_type, f.label_en, f.unit, f.value, f.qualifier,
       f.actor_en, f.actor, coalesce(f.actor_key, f.actor) AS actor_key, f.as_of, f.as_of_start, f.as_of_end,
       a.published, a.published_source
FROM facts f JOIN raw_articles a USING (article_id);

CREATE OR REPLACE VIEW v_facts_daily AS
SELECT period, dated_by, fact_type, max(label_en) AS label_en, unit, max(actor_en) AS actor_en,
       coalesce(nullif(min(actor), ''), '(unstated)') AS actor, count(*) AS facts,
       count(DISTINCT article_id) AS articles, sum(value) FILTER (WHERE qualifier <> 'vague') AS stated_total,
       max(value) AS highest_figure
FROM (SELECT *, CASE WHEN as_of_start IS NOT NULL AND as_of_start = as_of_end THEN as_of_start
                     ELSE CAST(published AS DATE) END AS period,
             CASE WHEN as_of_start IS NOT NULL AND as_of_start = as_of_end THEN 'as_of'
                  WHEN published IS NOT NULL THEN 'published' END AS dated_by
      FROM v_facts_dated)
WHERE period IS NOT NULL
GROUP BY period, dated_by, fact_type, unit, actor_key
ORDER BY period, fact_type, unit, actor_en NULLS LAST, actor;

CREATE OR REPLACE VIEW v_facts_weekly AS
SELECT period, dated_by, fact_type, max(label_en) AS label_en, unit, max(actor_en) AS actor_en,
       coalesce(nullif(min(actor), ''), '(unstated)') AS actor, count(*) AS facts,
       count(DISTINCT article_id) AS articles, sum(value) FILTER (WHERE qualifier <> 'vague') AS stated_total,
       max(value) AS highest_figure
FROM (SELECT *, CASE WHEN date_trunc('week', as_of_start) = date_trunc('week', as_of_end)
                     THEN CAST(date_trunc('week', as_of_start) AS DATE)
                     ELSE CAST(date_trunc('week', published) AS DATE) END AS period,
             CASE WHEN date_trunc('week', as_of_start) = date_trunc('week', as_of_end) THEN 'as_of'
                  WHEN published IS NOT NULL THEN 'published' END AS dated_by
      FROM v_facts_dated)
WHERE period IS NOT NULL
GROUP BY period, dated_by, fact_type, unit, actor_key
ORDER BY period, fact_type, unit, actor_en NULLS LAST, actor;

CREATE OR REPLACE VIEW v_facts_monthly AS
SELECT period, dated_by, fact_type, max(label_en) AS label_en, unit, max(actor_en) AS actor_en,
       coalesce(nullif(min(actor), ''), '(unstated)') AS actor, count(*) AS facts,
       count(DISTINCT article_id) AS articles, sum(value) FILTER (WHERE qualifier <> 'vague') AS stated_total,
       max(value) AS highest_figure
FROM (SELECT *, CASE WHEN date_trunc('month', as_of_start) = date_trunc('month', as_of_end)
                     THEN CAST(date_trunc('month', as_of_start) AS DATE)
                     ELSE CAST(date_trunc('month', published) AS DATE) END AS period,
             CASE WHEN date_trunc('month', as_of_start) = date_trunc('month', as_of_end) THEN 'as_of'
                  WHEN published IS NOT NULL THEN 'published' END AS dated_by
      FROM v_facts_dated)
WHERE period IS NOT NULL
GROUP BY period, dated_by, fact_type, unit, actor_key
ORDER BY period, fact_type, unit, actor_en NULLS LAST, actor;

-- ---------------------------------------------------------------------------------------------
-- The data-quality history (docs/quality.md).
-- Every check's result in every run, with the run's time (its first result's) and how many runs
-- ago it was (0: the latest): a check's trend is its rows in run order.  status: pass, fail or
-- 'skipped: no new rows'.  pass_rate: the share of the rows validated that met the check; 1 or 0
-- for a check over the table as a whole (a count, a key over two columns); NULL when skipped.
CREATE OR REPLACE VIEW v_dq_history AS
WITH runs AS (
    SELECT run_id, min(validated_at) AS run_started FROM dq_results GROUP BY run_id
), numbered AS (
    SELECT run_id, run_started, row_number() OVER (ORDER BY run_started DESC, run_id) - 1 AS runs_ago FROM runs
)
SELECT n.run_started, d.run_id, n.runs_ago, d.stage, d.check_name,
       coalesce(d.status, CASE WHEN d.success THEN 'pass' WHEN NOT d.success THEN 'fail' END) AS status,
       d.element_count AS rows_validated, d.unexpected_count, d.batches,
       CASE WHEN d.success IS NULL THEN NULL
            WHEN d.element_count > 0 AND d.unexpected_count IS NOT NULL
                THEN 1 - least(d.unexpected_count, d.element_count) / d.element_count
            WHEN d.success THEN 1.0 ELSE 0.0 END AS pass_rate,
       d.validated_at
FROM dq_results d JOIN numbered n USING (run_id)
ORDER BY n.run_started, d.run_id, d.stage, d.check_name;
