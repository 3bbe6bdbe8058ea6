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

-- Claims: one row per value of a quantity (fact type, unit, actor key) with every article that
-- reports it, and the other values it disagrees with; the columns of the table it replaced (010).
-- Computed from claim_facts, one row per fact, when read.  Two figures of one quantity with
-- different values are set against each other (extraction/claims/quantities.py, docs/claims.md)
-- when the quantity has an actor and they
--   describe the same moment: the same as_of days; or neither has an as_of and their articles were
--     published at most 2 days apart (PUBLISHED_WINDOW); or one has an as_of and the other, without,
--     was published within 2 days of its days;
--   happen at the same place: one sentence names none, they share one, or one names a place within
--     a place the other names;
--   come from articles that do not report the other value too.
-- The pairs are found by equal keys, never by comparing every two figures of a quantity: the same
-- days; the publication days within 2 of each other; the weeks an as_of (widened by 2 days) covers.
-- And figures are compared as shapes, never one by one: figures of one quantity and value with the
-- same days (or publication day), article values and places meet the same others, so a quantity
-- reported by thousands of articles costs its distinct values, not its figures squared.  Only two
-- publications 2 days apart need their times: they are within the window when the later one's time
-- of day is not past the earlier one's, so a shape keeps its earliest and latest time of day.
CREATE OR REPLACE VIEW claims AS
WITH figures AS (
    -- each figure with the other values its article reports for its quantity (a value it reports too is no
    -- contradiction): most articles report one, and figures alike in all but their article are one shape
    SELECT c.quantity_key, c.value, c.as_of_start, c.as_of_end, c.published, c.places, c.places_within,
           list_filter(r.article_values, lambda v: v <> c.value) AS article_values,
           c.as_of_start IS NOT NULL AND c.as_of_end IS NOT NULL AS dated,
           date_diff('day', DATE '1970-01-01', CAST(c.published AS DATE)) AS published_day
    FROM claim_facts c
    JOIN (SELECT quantity_key, article_id, list_sort(list(DISTINCT value)) AS article_values FROM claim_facts
          WHERE actor_key <> '' GROUP BY quantity_key, article_id) r
      ON r.quantity_key = c.quantity_key AND r.article_id = c.article_id
    WHERE c.actor_key <> ''
), dated_shapes AS (
    SELECT DISTINCT quantity_key, value, as_of_start, as_of_end, article_values, places, places_within
    FROM figures WHERE dated
), undated_shapes AS (
    SELECT quantity_key, value, published_day, article_values, places, places_within,
           min(date_diff('microsecond', CAST(CAST(published AS DATE) AS TIMESTAMP), published)) AS earliest,
           max(date_diff('microsecond', CAST(CAST(published AS DATE) AS TIMESTAMP), published)) AS latest
    FROM figures WHERE NOT dated AND published IS NOT NULL
    GROUP BY quantity_key, value, published_day, article_values, places, places_within
), candidates AS (
    SELECT a.quantity_key, a.value, b.value AS other, a.article_values, b.article_values AS other_article_values,
           a.places, a.places_within, b.places AS other_places, b.places_within AS other_within
    FROM dated_shapes a JOIN dated_shapes b
      ON a.quantity_key = b.quantity_key AND a.as_of_start = b.as_of_start AND a.as_of_end = b.as_of_end
    WHERE a.value <> b.value
    UNION ALL
    SELECT a.quantity_key, a.value, b.value, a.article_values, b.article_values, a.places, a.places_within, b.places, b.places_within
    FROM (SELECT *, unnest(range(published_day - 2, published_day + 3)) AS near_day FROM undated_shapes) a
    JOIN undated_shapes b ON a.quantity_key = b.quantity_key AND b.published_day = a.near_day
    WHERE a.value <> b.value
      AND (abs(b.published_day - a.published_day) < 2
           OR (b.published_day = a.published_day + 2 AND b.earliest <= a.latest)
           OR (b.published_day = a.published_day - 2 AND b.latest >= a.earliest))
    UNION ALL
    SELECT a.quantity_key, a.value, b.value, a.article_values, b.article_values, a.places, a.places_within, b.places, b.places_within
    FROM (SELECT *, unnest(range(CAST(floor((date_diff('day', DATE '1970-01-01', as_of_start) - 2) / 7) AS BIGINT),
                                 CAST(floor((date_diff('day', DATE '1970-01-01', as_of_end) + 2) / 7) AS BIGINT) + 1)) AS week
          FROM dated_shapes) a
    JOIN (SELECT *, CAST(floor(published_day / 7) AS BIGINT) AS week FROM undated_shapes) b
      ON a.quantity_key = b.quantity_key AND b.week = a.week
    WHERE a.value <> b.value
      AND b.published_day BETWEEN date_diff('day', DATE '1970-01-01', a.as_of_start) - 2
                              AND date_diff('day', DATE '1970-01-01', a.as_of_end) + 2
), pairs AS (
    SELECT DISTINCT quantity_key, value, other FROM candidates
    WHERE NOT list_contains(article_values, other) AND NOT list_contains(other_article_values, value)
      AND (len(places) = 0 OR len(other_places) = 0 OR list_has_any(places, other_places)
           OR list_has_any(places_within, other_places) OR list_has_any(places, other_within))
), others AS (
    SELECT quantity_key, value, list_sort(list(DISTINCT other)) AS other_values
    FROM (SELECT quantity_key, value, other FROM pairs UNION ALL SELECT quantity_key, other, value FROM pairs)
    GROUP BY quantity_key, value
), claim_values AS (
    -- a claim's actor and qualifier are those of its first fact (by article, then fact id) that has one
    SELECT quantity_key, value, any_value(claim_id) AS claim_id, any_value(fact_type) AS fact_type, any_value(unit) AS unit,
           arg_min(struct_pack(actor := actor, actor_en := actor_en), struct_pack(a := article_id, f := fact_id))
               FILTER (WHERE actor <> '') AS named,
           arg_min(qualifier, struct_pack(a := article_id, f := fact_id)) AS qualifier,
           list_sort(list(DISTINCT article_id)) AS article_ids,
           list_transform(list_sort(list(struct_pack(a := article_id, f := fact_id))), lambda x: x.f) AS fact_ids
    FROM claim_facts GROUP BY quantity_key, value
)
SELECT v.claim_id, v.quantity_key, v.fact_type, v.unit, v.named.actor_en AS actor_en, coalesce(v.named.actor, '') AS actor,
       v.value, v.qualifier, CAST(len(v.article_ids) AS INTEGER) AS n_sources, v.article_ids, v.fact_ids,
       o.other_values IS NOT NULL AS disagreement, coalesce(o.other_values, CAST([] AS DOUBLE[])) AS other_values
FROM claim_values v LEFT JOIN others o ON o.quantity_key = v.quantity_key AND o.value = v.value
ORDER BY v.quantity_key, v.value;  -- the same rows in the same order at every read, as the table it replaced was exported

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
