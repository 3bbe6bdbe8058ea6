-- arqam warehouse, schema version 10: claims computed by a view from rows that each depend on one
-- article (issue 18).
--
-- A claim's sources, its disagreement and its other values depend on every article that reports
-- its quantity: stored, they were rewritten for every quantity an article touched, whatever the
-- number of its facts.  What is stored now is one row per fact (claim_facts), made of that fact and
-- its article alone: a run writes the rows of the facts of the articles it processed, no other.
-- The view claims (views.sql) gives the same columns as the table it replaces, computed from
-- these rows when read.
CREATE TABLE claim_facts (
    fact_id        VARCHAR NOT NULL,      -- facts.fact_id; unique, kept by the writer
    article_id     VARCHAR NOT NULL,
    claim_id       VARCHAR NOT NULL,      -- hash of (quantity_key, value): the claim this fact reports
    quantity_key   VARCHAR NOT NULL,      -- fact_type | unit | actor_key
    fact_type      VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    actor          VARCHAR NOT NULL,
    actor_key      VARCHAR NOT NULL,
    actor_en       VARCHAR,
    value          DOUBLE NOT NULL,
    qualifier      VARCHAR NOT NULL,
    as_of_start    DATE,
    as_of_end      DATE,
    published      TIMESTAMP,             -- the article's (raw_articles.published)
    places         VARCHAR[] NOT NULL,    -- the places its sentence names (data/places.tsv keys)
    places_within  VARCHAR[] NOT NULL     -- the places those lie within
);
DROP TABLE claims;
-- built by the claims stage article by article, like the per-article tables: every article's facts again
DELETE FROM stage_progress WHERE stage = 'claims';
DELETE FROM derived_builds WHERE table_name = 'claims';
