-- arqam warehouse, schema version 1.
-- Every stage table keys its rows by a stable id derived from content, and
-- keeps the article's content hash (sha256) so a changed article is rebuilt.

CREATE TABLE raw_articles (
    article_id     VARCHAR PRIMARY KEY,
    source_path    VARCHAR NOT NULL,      -- relative to the inbox
    record_index   INTEGER,               -- 1-based line of a JSON Lines file
    source_format  VARCHAR NOT NULL,      -- txt | html | jsonl
    file_sha256    VARCHAR NOT NULL,      -- hash of the whole input file's bytes
    sha256         VARCHAR NOT NULL,      -- hash of raw_text (UTF-8): the article's identity
    encoding       VARCHAR NOT NULL,
    byte_size      BIGINT NOT NULL,
    raw_text       VARCHAR NOT NULL,
    title          VARCHAR,
    url            VARCHAR,
    published      VARCHAR
);

CREATE TABLE quarantine (
    quarantine_id  VARCHAR PRIMARY KEY,   -- hash of (source_path, record_index, file_sha256)
    source_path    VARCHAR NOT NULL,
    record_index   INTEGER,
    file_sha256    VARCHAR NOT NULL,
    byte_size      BIGINT NOT NULL,
    reason         VARCHAR NOT NULL,      -- machine-readable
    message        VARCHAR NOT NULL       -- for a person
);

CREATE TABLE clean_articles (
    article_id     VARCHAR PRIMARY KEY,
    sha256         VARCHAR NOT NULL,      -- of the raw article this was cleaned from
    clean_text     VARCHAR NOT NULL,
    sentence_starts INTEGER[] NOT NULL,
    sentence_ends   INTEGER[] NOT NULL,
    map_clean      INTEGER[] NOT NULL,    -- offset map anchors: clean position ...
    map_raw        INTEGER[] NOT NULL,    -- ... and the raw position it maps to
    removed        STRUCT(raw_start INTEGER, raw_end INTEGER, reason VARCHAR, text VARCHAR)[] NOT NULL,
    arabic_ratio   DOUBLE NOT NULL        -- share of letters that are Arabic
);

CREATE TABLE fact_mentions (
    mention_id     VARCHAR PRIMARY KEY,
    article_id     VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_offset   INTEGER NOT NULL,      -- the quantity expression, in clean_text
    end_offset     INTEGER NOT NULL,
    raw_start      INTEGER NOT NULL,      -- the same span in raw_text
    raw_end        INTEGER NOT NULL,
    surface        VARCHAR NOT NULL,      -- clean_text[start_offset:end_offset]
    kind           VARCHAR NOT NULL,      -- cardinal | percent | money | vague | fraction | ordinal
    fact_type      VARCHAR NOT NULL,      -- a FACTS.md type, or 'other'
    value          DOUBLE NOT NULL,
    value_min      DOUBLE,
    value_max      DOUBLE,
    qualifier      VARCHAR NOT NULL,
    unit           VARCHAR,
    counted        VARCHAR,               -- the noun the number counts
    actor          VARCHAR NOT NULL,
    attribution    VARCHAR NOT NULL,
    as_of          VARCHAR,
    evidence       VARCHAR NOT NULL,      -- clean_text[evidence_start:evidence_end]
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    rule           VARCHAR NOT NULL       -- which typing rule decided fact_type
);

CREATE TABLE facts (
    fact_id        VARCHAR PRIMARY KEY,   -- hash of (article_id, fact_type, unit, value)
    article_id     VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    fact_type      VARCHAR NOT NULL,
    value          DOUBLE NOT NULL,
    value_min      DOUBLE,
    value_max      DOUBLE,
    qualifier      VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    actor          VARCHAR NOT NULL,
    attribution    VARCHAR NOT NULL,
    as_of          VARCHAR,
    evidence       VARCHAR NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_offset   INTEGER NOT NULL,
    end_offset     INTEGER NOT NULL,
    raw_start      INTEGER NOT NULL,
    raw_end        INTEGER NOT NULL,
    rule           VARCHAR NOT NULL,
    label_en       VARCHAR NOT NULL,      -- English label of the fact type
    mention_ids    VARCHAR[] NOT NULL     -- every mention of this figure in the article
);

CREATE TABLE claims (
    claim_id       VARCHAR PRIMARY KEY,   -- hash of (quantity_key, value)
    quantity_key   VARCHAR NOT NULL,      -- fact_type | unit | actor key: what is being counted
    fact_type      VARCHAR NOT NULL,
    unit           VARCHAR NOT NULL,
    actor          VARCHAR NOT NULL,
    value          DOUBLE NOT NULL,
    qualifier      VARCHAR NOT NULL,
    n_sources      INTEGER NOT NULL,      -- distinct articles reporting this value
    article_ids    VARCHAR[] NOT NULL,
    fact_ids       VARCHAR[] NOT NULL,
    disagreement   BOOLEAN NOT NULL,      -- other articles give another value for the same quantity
    other_values   DOUBLE[] NOT NULL
);

CREATE TABLE dq_results (
    run_id           VARCHAR NOT NULL,
    stage            VARCHAR NOT NULL,
    check_name       VARCHAR NOT NULL,
    expectation_type VARCHAR NOT NULL,
    column_name      VARCHAR,
    success          BOOLEAN NOT NULL,
    element_count    BIGINT,
    unexpected_count BIGINT,
    unexpected_sample VARCHAR,            -- JSON list of up to 20 offending values
    observed_value   VARCHAR,
    validated_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (run_id, stage, check_name)
);

-- Which version of each article every stage has processed: an article that
-- yields no row (no quantity at all) is still done, and is not read again.
CREATE TABLE stage_progress (
    progress_key   VARCHAR PRIMARY KEY,   -- stage || '/' || article_id
    stage          VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL
);
