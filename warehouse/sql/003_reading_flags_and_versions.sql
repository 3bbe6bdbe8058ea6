-- arqam warehouse, schema version 3: what reading did to an article's text, and the
-- history of every article's versions.

-- What reading did to the text, as codes (extraction.reading.FLAGS): invalid_bytes_replaced,
-- encoding_guessed, mojibake_repaired, mojibake_suspected, not_arabic; an empty list when nothing.
-- NULL in rows read before this version: the next run reads their files again (same text,
-- same sha256: nothing downstream is redone, unless the text was garbled and is now repaired).
ALTER TABLE raw_articles ADD COLUMN flags VARCHAR[];
-- The same, for a person: what was done, how much of it, where.
ALTER TABLE raw_articles ADD COLUMN flag_notes VARCHAR;

-- Every version of every article: a new row when an article first appears or its text
-- changes (the same name with new content), closed (superseded_at) when a newer version
-- replaces it or its file no longer gives it.  The current version's text is in raw_articles;
-- a superseded version keeps its own text here, so its retired facts can be rebuilt.
CREATE TABLE article_versions (
    article_id     VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,      -- of the version's raw_text
    source_path    VARCHAR NOT NULL,
    record_index   INTEGER,
    file_sha256    VARCHAR NOT NULL,      -- the file as it was when this version was read
    first_seen     TIMESTAMP NOT NULL,    -- UTC
    superseded_at  TIMESTAMP,             -- UTC; NULL while this is the current version
    raw_text       VARCHAR,               -- NULL while current (see raw_articles)
    PRIMARY KEY (article_id, sha256, first_seen)
);

-- Articles stored before this version: their current version, first seen now.
INSERT INTO article_versions (article_id, sha256, source_path, record_index, file_sha256, first_seen)
SELECT article_id, sha256, source_path, record_index, file_sha256, CAST(timezone('UTC', now()) AS TIMESTAMP)
FROM raw_articles;
