-- arqam warehouse, schema version 5: what the file system said of each inbox file when it was
-- last read, so that the next run can skip reading and hashing a file that is, by stat alone,
-- the one it read.  One row per file (a JSON Lines file that gives many articles, or a file
-- quarantined whole, alike), written in the raw stage's transaction.
--
-- A row is trusted only while file_sha256 is the hash every raw_articles and quarantine row of
-- the path was read from: a row left behind by anything else is ignored, and the file hashed.
-- A file whose size, mtime, ctime or inode differs is read and hashed as before (the content
-- hash stays the key).  No row: a file not yet seen, read before this version (hashed once by
-- the next run, then recorded), a symbolic link, or one modified within 2 s of its reading
-- (its timestamps could not tell a rewrite in the same clock tick: hashed again next time).
CREATE TABLE inbox_files (
    source_path    VARCHAR PRIMARY KEY,   -- relative to the inbox, as in raw_articles
    file_sha256    VARCHAR NOT NULL,      -- the hash of the bytes read
    byte_size      BIGINT NOT NULL,       -- st_size
    mtime_ns       BIGINT NOT NULL,       -- st_mtime_ns
    ctime_ns       BIGINT NOT NULL,       -- st_ctime_ns: no program can set it back, as it can mtime
    inode          UBIGINT NOT NULL       -- st_ino: a file replaced by another (a rename) is new
);
