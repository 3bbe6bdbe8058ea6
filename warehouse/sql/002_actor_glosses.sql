-- arqam warehouse, schema version 2: English names of known actors.
-- A fact's actor phrase that names an entity of the gazetteer (extraction/data/actors.tsv)
-- gets the entity's English name and key; claims compare actors by that key.

-- What claims compare: the gazetteer key (us_forces, iran_backed_groups ...) when the actor
-- is known, else the actor phrase's spelling-insensitive key; '' when the fact has no actor.
-- (NULL in rows written before this version, until the next run rebuilds them.)
ALTER TABLE facts ADD COLUMN actor_key VARCHAR;
-- The English name of the actor from the gazetteer ("US forces"); NULL when it is not there.
ALTER TABLE facts ADD COLUMN actor_en VARCHAR;
ALTER TABLE claims ADD COLUMN actor_en VARCHAR;

-- Facts written before this version have neither: mark every article as not yet done by the
-- facts stage, so the next run rebuilds its facts (from fact_mentions, which are unchanged)
-- and then the claims.
DELETE FROM stage_progress WHERE stage = 'facts';
