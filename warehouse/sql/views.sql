-- Analysis views, recreated whenever the warehouse is opened for writing.

CREATE OR REPLACE VIEW v_facts AS
SELECT f.article_id, a.title, a.published, a.source_path,
       f.fact_type, f.label_en, f.value, f.value_min, f.value_max, f.qualifier, f.unit,
       f.actor_en, f.actor, f.actor_key, f.attribution, f.as_of, f.evidence, f.rule, f.fact_id
FROM facts f JOIN raw_articles a USING (article_id);

-- Troop counts by source and date: what each article says, and when.
CREATE OR REPLACE VIEW v_troop_counts AS
SELECT coalesce(as_of, published) AS as_of_or_published, article_id, source_path,
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

-- The latest data-quality result of every check, for dashboards.
CREATE OR REPLACE VIEW v_dq_latest AS
SELECT * FROM dq_results
QUALIFY row_number() OVER (PARTITION BY stage, check_name ORDER BY validated_at DESC) = 1
ORDER BY stage, check_name;
