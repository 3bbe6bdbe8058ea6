-- arqam warehouse, schema version 6: the per-article tables keep their keys unique by the writer,
-- not by a PRIMARY KEY.
--
-- DuckDB keeps a primary key as an ART index over every key ever written.  Their keys are
-- content hashes, random by design, so the index is rewritten all over by every batch: at
-- 2.4M fact_mentions rows, inserting with the key took 3x as long as without, the index was
-- four fifths of the table's size on disk (copied by every snapshot) and held memory that grew
-- with the corpus.  Uniqueness still holds, checked where rows are written: every write of these
-- tables (Warehouse.write, WRITER_KEYS) refuses, inside its transaction and before it inserts,
-- a batch whose keys repeat or clash with a stored row, as the primary key did, and the whole
-- write rolls back.  Key columns stay NOT NULL.  The small tables keep their primary keys.
--
-- Each table is rebuilt with the columns it has now (those of 001 and the ones 002 and 003
-- added, in that order), its rows copied as they are.

ALTER TABLE raw_articles RENAME TO raw_articles_keyed;
CREATE TABLE raw_articles (
    article_id     VARCHAR NOT NULL,      -- unique: kept by the writer
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
    published      VARCHAR,
    flags          VARCHAR[],
    flag_notes     VARCHAR
);
INSERT INTO raw_articles BY NAME SELECT * FROM raw_articles_keyed;
DROP TABLE raw_articles_keyed;

ALTER TABLE clean_articles RENAME TO clean_articles_keyed;
CREATE TABLE clean_articles (
    article_id     VARCHAR NOT NULL,      -- unique: kept by the writer
    sha256         VARCHAR NOT NULL,      -- of the raw article this was cleaned from
    clean_text     VARCHAR NOT NULL,
    sentence_starts INTEGER[] NOT NULL,
    sentence_ends   INTEGER[] NOT NULL,
    map_clean      INTEGER[] NOT NULL,    -- offset map anchors: clean position ...
    map_raw        INTEGER[] NOT NULL,    -- ... and the raw position it maps to
    removed        STRUCT(raw_start INTEGER, raw_end INTEGER, reason VARCHAR, text VARCHAR)[] NOT NULL,
    arabic_ratio   DOUBLE NOT NULL        -- share of letters that are Arabic
);
INSERT INTO clean_articles BY NAME SELECT * FROM clean_articles_keyed;
DROP TABLE clean_articles_keyed;

ALTER TABLE fact_mentions RENAME TO fact_mentions_keyed;
CREATE TABLE fact_mentions (
    mention_id     VARCHAR NOT NULL,      -- unique: kept by the writer
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
INSERT INTO fact_mentions BY NAME SELECT * FROM fact_mentions_keyed;
DROP TABLE fact_mentions_keyed;

ALTER TABLE facts RENAME TO facts_keyed;
CREATE TABLE facts (
    fact_id        VARCHAR NOT NULL,      -- unique, kept by the writer: hash of (article_id, fact_type, unit, value)
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
    mention_ids    VARCHAR[] NOT NULL,    -- every mention of this figure in the article
    actor_key      VARCHAR,
    actor_en       VARCHAR
);
INSERT INTO facts BY NAME SELECT * FROM facts_keyed;
DROP TABLE facts_keyed;

ALTER TABLE stage_progress RENAME TO stage_progress_keyed;
CREATE TABLE stage_progress (
    progress_key   VARCHAR NOT NULL,      -- unique, kept by the writer: stage || '/' || article_id
    stage          VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    rules_version  VARCHAR NOT NULL       -- the extraction rules that processed it
);
INSERT INTO stage_progress BY NAME SELECT * FROM stage_progress_keyed;
DROP TABLE stage_progress_keyed;
