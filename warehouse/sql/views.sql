-- Analysis views, recreated whenever the warehouse is opened for writing.

CREATE OR REPLACE VIEW v_facts AS
SELECT f.article_id, a.title, a.published, a.source_path,
       f.fact_type, f.value, f.value_min, f.value_max, f.qualifier, f.unit,
       f.actor, f.attribution, f.as_of, f.evidence, f.rule, f.fact_id
FROM facts f JOIN raw_articles a USING (article_id);

-- Troop counts by source and date: what each article says, and when.
CREATE OR REPLACE VIEW v_troop_counts AS
SELECT coalesce(as_of, published) AS as_of_or_published, article_id, source_path,
       value AS troops, qualifier, actor, attribution, evidence
FROM v_facts WHERE fact_type = 'troops'
ORDER BY as_of_or_published NULLS LAST, article_id;

-- Attacks by actor (the group an attack figure is attributed to).
CREATE OR REPLACE VIEW v_attacks_by_actor AS
SELECT coalesce(nullif(actor, ''), '(unstated)') AS actor,
       count(*) AS reports, max(value) AS highest_figure,
       list(DISTINCT article_id ORDER BY article_id) AS articles
FROM facts WHERE fact_type = 'attacks'
GROUP BY 1 ORDER BY highest_figure DESC;

-- Funding by donor, per currency.
CREATE OR REPLACE VIEW v_funding_by_donor AS
SELECT coalesce(nullif(actor, ''), '(unstated)') AS donor, unit AS currency,
       count(*) AS reports, sum(value) FILTER (WHERE qualifier <> 'vague') AS stated_total,
       list(evidence ORDER BY value DESC) AS evidence
FROM facts WHERE fact_type = 'funding'
GROUP BY 1, 2 ORDER BY stated_total DESC NULLS LAST;

-- The latest data-quality result of every check, for dashboards.
CREATE OR REPLACE VIEW v_dq_latest AS
SELECT * FROM dq_results
QUALIFY row_number() OVER (PARTITION BY stage, check_name ORDER BY validated_at DESC) = 1
ORDER BY stage, check_name;
