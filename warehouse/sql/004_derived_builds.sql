-- arqam warehouse, schema version 4: the extraction rules a derived table was last built
-- in full under.  claims is rebuilt for the quantities whose facts changed; under new rules
-- (or after an upgrade, when nothing is recorded yet) it is rebuilt in full.
CREATE TABLE derived_builds (
    table_name     VARCHAR PRIMARY KEY,
    rules_version  VARCHAR NOT NULL
);
