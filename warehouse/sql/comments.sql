-- What every table, view and column holds, for the analyst reading the warehouse (`arqam schema`,
-- duckdb_tables(), duckdb_views(), duckdb_columns()). Applied after views.sql whenever the warehouse
-- is migrated, old and new alike: a view recreated there loses its comments, and a released
-- migration never changes, so the comments cannot live in them.
-- A column added by a migration or a view gets its comment here too: tests/warehouse/test_schema.py fails on
-- any table, view or column without one.  Offsets are 0-based character positions, the end excluded
-- (Python's text[start:end]).

-- raw_articles -------------------------------------------------------------------------------
COMMENT ON TABLE raw_articles IS 'One row per article read from the inbox, as read: its text before any cleaning, where it came from and how it was decoded. An article whose text changes keeps its id; its earlier versions are in article_versions.';
COMMENT ON COLUMN raw_articles.article_id IS 'The article''s id: the file stem of a .txt or .html file, a JSON Lines record''s id, or one arqam derives from the file name (unique).';
COMMENT ON COLUMN raw_articles.source_path IS 'The file it was read from, relative to the inbox.';
COMMENT ON COLUMN raw_articles.record_index IS 'The 1-based line of a JSON Lines file this article is; NULL for a .txt or .html file.';
COMMENT ON COLUMN raw_articles.source_format IS 'How the file was read: txt, html or jsonl.';
COMMENT ON COLUMN raw_articles.file_sha256 IS 'sha256 of the whole input file''s bytes, as read.';
COMMENT ON COLUMN raw_articles.sha256 IS 'sha256 of raw_text (UTF-8): the identity of this version of the article; every later stage keeps it.';
COMMENT ON COLUMN raw_articles.encoding IS 'The encoding the bytes were decoded from (utf-8, utf-16, cp1256 ...).';
COMMENT ON COLUMN raw_articles.byte_size IS 'Size in bytes of what was read for this article (the file, or the JSON Lines record).';
COMMENT ON COLUMN raw_articles.raw_text IS 'The article''s text as read: an HTML page''s visible text, before normalization and the removal of page furniture.';
COMMENT ON COLUMN raw_articles.title IS 'The title the input gives (a JSON Lines title or headline; a page''s og:title, <title> or first heading); NULL when it gives none.';
COMMENT ON COLUMN raw_articles.url IS 'The URL the input gives (a JSON Lines url or link; a page''s og:url or canonical link); NULL when it gives none.';
COMMENT ON COLUMN raw_articles.published IS 'When the article was published, in UTC (a date alone is its midnight), from the first source the input gives (published_source); NULL when it gives none that reads as a date (true of every shipped seed).';
COMMENT ON COLUMN raw_articles.published_source IS 'Where published came from: jsonl_field (the record''s own field, which always wins), html_meta (article:published_time), json_ld (datePublished), html_time (<time datetime>), or dateline (a dated line at the head of the text); NULL when published is NULL.';
COMMENT ON COLUMN raw_articles.flags IS 'What reading did to the text, as codes: invalid_bytes_replaced, encoding_guessed, mojibake_repaired, mojibake_suspected, not_arabic, number_too_long, published_unreadable; empty when nothing; NULL in rows read before these were recorded.';
COMMENT ON COLUMN raw_articles.flag_notes IS 'The flags for a person: what was done, how much of it, where; empty when nothing.';

-- quarantine ---------------------------------------------------------------------------------
COMMENT ON TABLE quarantine IS 'One row per inbox file, or JSON Lines line, that gave no article, with why: nothing read is lost (each file is in raw_articles or here).';
COMMENT ON COLUMN quarantine.quarantine_id IS 'Id of the row: a hash of (source_path, record_index, file_sha256).';
COMMENT ON COLUMN quarantine.source_path IS 'The file, relative to the inbox.';
COMMENT ON COLUMN quarantine.record_index IS 'The 1-based line of a JSON Lines file that was refused; NULL when the whole file was.';
COMMENT ON COLUMN quarantine.file_sha256 IS 'sha256 of the file''s bytes (of what was read, for a file refused by its size alone).';
COMMENT ON COLUMN quarantine.byte_size IS 'Size in bytes of the file, or of the refused line.';
COMMENT ON COLUMN quarantine.reason IS 'Why, as a code: empty, binary, undecodable, mojibake, no_text, bad_json, unsupported_type, too_large, too_long, too_many_figures, unreadable ... (docs/inputs.md says what each means).';
COMMENT ON COLUMN quarantine.message IS 'Why, for a person: what was found and what to do about it.';

-- article_versions ---------------------------------------------------------------------------
COMMENT ON TABLE article_versions IS 'Every version of every article: a row when an article first appears or its text changes, closed (superseded_at) when a newer version replaces it or its file no longer gives it.';
COMMENT ON COLUMN article_versions.article_id IS 'The article''s id (raw_articles.article_id).';
COMMENT ON COLUMN article_versions.sha256 IS 'sha256 of this version''s text.';
COMMENT ON COLUMN article_versions.source_path IS 'The file this version was read from, relative to the inbox.';
COMMENT ON COLUMN article_versions.record_index IS 'The 1-based line of a JSON Lines file; NULL for other files.';
COMMENT ON COLUMN article_versions.file_sha256 IS 'sha256 of the file as it was when this version was read.';
COMMENT ON COLUMN article_versions.first_seen IS 'When this version was first read (UTC).';
COMMENT ON COLUMN article_versions.superseded_at IS 'When a newer version replaced it, or its file stopped giving it (UTC); NULL while it is the current version.';
COMMENT ON COLUMN article_versions.raw_text IS 'The text of a superseded version; NULL for the current version, whose text is raw_articles.raw_text.';

-- clean_articles -----------------------------------------------------------------------------
COMMENT ON TABLE clean_articles IS 'One row per article: its text normalized (letters, digits, spaces) with the page furniture cut (menus, related headlines, share buttons ...), its sentences, and a map from clean offsets back to the raw text.';
COMMENT ON COLUMN clean_articles.article_id IS 'The article''s id (raw_articles.article_id; unique).';
COMMENT ON COLUMN clean_articles.sha256 IS 'sha256 of the raw article version this was cleaned from.';
COMMENT ON COLUMN clean_articles.clean_text IS 'The cleaned text every later offset points into.';
COMMENT ON COLUMN clean_articles.sentence_starts IS 'Offset in clean_text of each sentence''s first character; sentence n of fact_mentions.sentence_index is the n-th (0-based).';
COMMENT ON COLUMN clean_articles.sentence_ends IS 'Offset in clean_text just after each sentence, in the order of sentence_starts.';
COMMENT ON COLUMN clean_articles.map_clean IS 'Offset map anchors: positions in clean_text ...';
COMMENT ON COLUMN clean_articles.map_raw IS '... and the raw_text positions they map to, pair by pair with map_clean.';
COMMENT ON COLUMN clean_articles.removed IS 'What cleaning cut from the raw text, one entry per block: its raw offsets, why (reason) and the text cut.';
COMMENT ON COLUMN clean_articles.arabic_ratio IS 'Share of the letters of clean_text that are Arabic, from 0 to 1.';

-- fact_mentions ------------------------------------------------------------------------------
COMMENT ON TABLE fact_mentions IS 'One row per quantity written in an article (every number, facts or not), typed: a figure repeated in one article is a mention each time; those typed other are kept with the rule that says why they are not facts.';
COMMENT ON COLUMN fact_mentions.mention_id IS 'Id of the mention (unique).';
COMMENT ON COLUMN fact_mentions.article_id IS 'The article it is written in.';
COMMENT ON COLUMN fact_mentions.sha256 IS 'sha256 of the article version it was found in.';
COMMENT ON COLUMN fact_mentions.sentence_index IS 'The 0-based sentence of the article it is in (clean_articles.sentence_starts).';
COMMENT ON COLUMN fact_mentions.start_offset IS 'Start of the quantity expression in clean_text.';
COMMENT ON COLUMN fact_mentions.end_offset IS 'End of the quantity expression in clean_text (excluded).';
COMMENT ON COLUMN fact_mentions.raw_start IS 'Start of the same expression in raw_text.';
COMMENT ON COLUMN fact_mentions.raw_end IS 'End of the same expression in raw_text (excluded).';
COMMENT ON COLUMN fact_mentions.surface IS 'The expression as written in clean_text (clean_text[start_offset:end_offset]).';
COMMENT ON COLUMN fact_mentions.kind IS 'What kind of number: cardinal, percent, money, vague, fraction or ordinal.';
COMMENT ON COLUMN fact_mentions.fact_type IS 'One of the twelve fact types of docs/facts.md, or other when the number is no fact (a date, a duration, an ordinal, a label ...).';
COMMENT ON COLUMN fact_mentions.value IS 'The number in base units (persons, attacks, USD ..., tons for weights, percent).';
COMMENT ON COLUMN fact_mentions.value_min IS 'The lowest value the text allows; NULL when it sets no lower bound.';
COMMENT ON COLUMN fact_mentions.value_max IS 'The highest value the text allows; NULL when it sets no upper bound.';
COMMENT ON COLUMN fact_mentions.qualifier IS 'How the text bounds the number: exact, more_than, at_least, less_than, at_most, approximately, range or vague.';
COMMENT ON COLUMN fact_mentions.unit IS 'Unit of value: person, attack, site, country, item, ton, percent, or an ISO 4217 currency (USD, IQD ...); NULL when the number counts nothing arqam recognizes.';
COMMENT ON COLUMN fact_mentions.counted IS 'The noun the number counts, as written; NULL when none was found.';
COMMENT ON COLUMN fact_mentions.actor IS 'Whose quantity it is, as written in Arabic (the troops'' state, the victims'' group, the donor, the attackers); empty when the text names none.';
COMMENT ON COLUMN fact_mentions.attribution IS 'Who makes the claim, as written in Arabic (a ministry, a source, an observatory); empty when the text says nobody.';
COMMENT ON COLUMN fact_mentions.as_of IS 'The year the figure refers to, as the text gives it near the figure (a Hijri date as written); NULL when it gives none.';
COMMENT ON COLUMN fact_mentions.as_of_start IS 'The first day the date nearest the figure covers (2020 -> 2020-01-01; March 2021 -> 2021-03-01; a day -> that day); NULL when the text gives no date.';
COMMENT ON COLUMN fact_mentions.as_of_end IS 'The last day the date nearest the figure covers (2020 -> 2020-12-31); equal to as_of_start for a day; NULL when the text gives no date.';
COMMENT ON COLUMN fact_mentions.evidence IS 'The sentence of clean_text that states it (the words around the figure, for a sentence over 600 characters).';
COMMENT ON COLUMN fact_mentions.evidence_start IS 'Start of evidence in clean_text.';
COMMENT ON COLUMN fact_mentions.evidence_end IS 'End of evidence in clean_text (excluded).';
COMMENT ON COLUMN fact_mentions.rule IS 'The named typing rule that decided fact_type (docs/typing.md): why this number is, or is not, a fact of its type.';

-- facts --------------------------------------------------------------------------------------
COMMENT ON TABLE facts IS 'One row per distinct figure an article reports about a security quantity (troops, attacks, casualties, money ...): the unit of analysis. A figure repeated in one article is one fact; its mentions are in fact_mentions.';
COMMENT ON COLUMN facts.fact_id IS 'Id of the fact (unique): a hash of (article_id, fact_type, unit, value).';
COMMENT ON COLUMN facts.article_id IS 'The article that reports it (raw_articles.article_id).';
COMMENT ON COLUMN facts.sha256 IS 'sha256 of the article version it was read from.';
COMMENT ON COLUMN facts.fact_type IS 'What the figure counts, one of the twelve types of docs/facts.md: troops, trained_personnel, attacks, killed, wounded, displaced, detained, funding, countries, sites, weapons, percentage.';
COMMENT ON COLUMN facts.value IS 'The figure in base units of unit: 2400 persons, 600000000 USD, 0.035 tons.';
COMMENT ON COLUMN facts.value_min IS 'The lowest value the text allows (equal to value for an exact figure); NULL when it sets no lower bound.';
COMMENT ON COLUMN facts.value_max IS 'The highest value the text allows (equal to value for an exact figure); NULL when it sets no upper bound.';
COMMENT ON COLUMN facts.qualifier IS 'How the text bounds the figure: exact, more_than, at_least, less_than, at_most, approximately, range or vague (docs/facts.md).';
COMMENT ON COLUMN facts.unit IS 'Unit of value: person, attack, site, country, item, ton, percent, or an ISO 4217 currency for funding (USD, IQD, EUR ...).';
COMMENT ON COLUMN facts.actor IS 'Whose quantity it is, as written in Arabic (the troops'' state, the victims'' group, the donor, the attackers); empty when the text names none. English name: actor_en.';
COMMENT ON COLUMN facts.attribution IS 'Who makes the claim, as written in Arabic (البنتاغون, مصدر أمني ...); empty when the text says nobody.';
COMMENT ON COLUMN facts.as_of IS 'The year the figure refers to, as the text gives it near the figure (a Hijri date as written); NULL when it gives none.';
COMMENT ON COLUMN facts.as_of_start IS 'The first day the date nearest the figure covers (2020 -> 2020-01-01; March 2021 -> 2021-03-01; a day -> that day); NULL when the text gives no date.';
COMMENT ON COLUMN facts.as_of_end IS 'The last day the date nearest the figure covers (2020 -> 2020-12-31); equal to as_of_start for a day; NULL when the text gives no date.';
COMMENT ON COLUMN facts.evidence IS 'The sentence of the cleaned text that states the fact, in Arabic (the words around the figure, for a sentence over 600 characters).';
COMMENT ON COLUMN facts.evidence_start IS 'Start of evidence in clean_articles.clean_text.';
COMMENT ON COLUMN facts.evidence_end IS 'End of evidence in clean_articles.clean_text (excluded).';
COMMENT ON COLUMN facts.sentence_index IS 'The 0-based sentence of the article the figure is in.';
COMMENT ON COLUMN facts.start_offset IS 'Start of the figure''s first mention in clean_articles.clean_text.';
COMMENT ON COLUMN facts.end_offset IS 'End of the figure''s first mention in clean_articles.clean_text (excluded).';
COMMENT ON COLUMN facts.raw_start IS 'Start of the same mention in raw_articles.raw_text.';
COMMENT ON COLUMN facts.raw_end IS 'End of the same mention in raw_articles.raw_text (excluded).';
COMMENT ON COLUMN facts.rule IS 'The named typing rule that decided fact_type (docs/typing.md).';
COMMENT ON COLUMN facts.label_en IS 'The English label of fact_type (troops deployed or stationed, people killed ...).';
COMMENT ON COLUMN facts.mention_ids IS 'Every mention of this figure in the article (fact_mentions.mention_id).';
COMMENT ON COLUMN facts.actor_key IS 'What claims compare actors by: the gazetteer key (us_forces, iran_backed_groups ...) of a known actor, else a spelling-insensitive key of the phrase; empty when there is no actor; NULL in rows older than the gazetteer, until the next run.';
COMMENT ON COLUMN facts.actor_en IS 'The English name of the actor from the gazetteer extraction/data/actors.tsv (US forces, ISIS ...); NULL when the gazetteer does not know the actor.';

-- claims -------------------------------------------------------------------------------------
COMMENT ON VIEW claims IS 'One row per value of a quantity (fact type, unit, actor) with every article that reports it: the same figure across sources, and the values articles disagree on. A view: computed from claim_facts when read.';
COMMENT ON COLUMN claims.claim_id IS 'Id of the claim: a hash of (quantity_key, value).';
COMMENT ON COLUMN claims.quantity_key IS 'What is counted: fact_type|unit|actor_key (killed|person|us_forces).';
COMMENT ON COLUMN claims.fact_type IS 'The fact type of the quantity (facts.fact_type).';
COMMENT ON COLUMN claims.unit IS 'The unit of value (facts.unit).';
COMMENT ON COLUMN claims.actor IS 'The actor as the first of its facts that names one writes it, in Arabic; empty when none does. English name: actor_en.';
COMMENT ON COLUMN claims.value IS 'The value reported, in base units of unit.';
COMMENT ON COLUMN claims.qualifier IS 'The qualifier of the first fact reporting the value (exact, more_than ...).';
COMMENT ON COLUMN claims.n_sources IS 'How many distinct articles report this value.';
COMMENT ON COLUMN claims.article_ids IS 'The articles reporting this value, in id order.';
COMMENT ON COLUMN claims.fact_ids IS 'The facts reporting this value (facts.fact_id).';
COMMENT ON COLUMN claims.disagreement IS 'True when another article gives another value for the same quantity of a named actor, and no article states both; false otherwise, and always for a quantity without an actor.';
COMMENT ON COLUMN claims.other_values IS 'The other values reported for the same quantity, ascending; empty when there are none.';
COMMENT ON COLUMN claims.actor_en IS 'The English name of the actor from the gazetteer; NULL when it does not know the actor.';

-- claim_facts --------------------------------------------------------------------------------
COMMENT ON TABLE claim_facts IS 'What the view claims is computed from: one row per fact, made of that fact and its article alone (a run writes the rows of the articles it processed, no other).';
COMMENT ON COLUMN claim_facts.fact_id IS 'The fact (facts.fact_id; unique).';
COMMENT ON COLUMN claim_facts.article_id IS 'The article reporting it.';
COMMENT ON COLUMN claim_facts.claim_id IS 'The claim it reports (claims.claim_id): a hash of (quantity_key, value).';
COMMENT ON COLUMN claim_facts.quantity_key IS 'What is counted: fact_type|unit|actor_key (killed|person|us_forces).';
COMMENT ON COLUMN claim_facts.fact_type IS 'The fact type (facts.fact_type).';
COMMENT ON COLUMN claim_facts.unit IS 'The unit of value (facts.unit).';
COMMENT ON COLUMN claim_facts.actor IS 'The actor as the fact writes it, in Arabic; empty when it names none.';
COMMENT ON COLUMN claim_facts.actor_key IS 'What claims compare actors by: the gazetteer key of a known actor, else a spelling-insensitive key of the phrase; empty when there is no actor (such figures are compared with nothing).';
COMMENT ON COLUMN claim_facts.actor_en IS 'The English name of the actor from the gazetteer; NULL when it does not know the actor.';
COMMENT ON COLUMN claim_facts.value IS 'The value reported, in base units of unit.';
COMMENT ON COLUMN claim_facts.qualifier IS 'The qualifier of the fact (exact, more_than ...).';
COMMENT ON COLUMN claim_facts.as_of_start IS 'The first day of the date the figure describes (facts.as_of_start); NULL when it has none.';
COMMENT ON COLUMN claim_facts.as_of_end IS 'The last day of the date the figure describes (facts.as_of_end); NULL when it has none.';
COMMENT ON COLUMN claim_facts.published IS 'When its article was published (raw_articles.published): figures without a date are compared by it.';
COMMENT ON COLUMN claim_facts.places IS 'The places its sentence names (keys of extraction/data/places.tsv); empty when none.';
COMMENT ON COLUMN claim_facts.places_within IS 'The places those places lie within (a base''s province): two figures are at the same place when one names a place within one the other names.';

-- dq_results ---------------------------------------------------------------------------------
COMMENT ON TABLE dq_results IS 'One row per data-quality check (a Great Expectations expectation) per stage per run: the results of every run kept, for dashboards and trends.';
COMMENT ON COLUMN dq_results.run_id IS 'The Dagster run that validated (the id arqam run prints, in full).';
COMMENT ON COLUMN dq_results.stage IS 'The table whose new rows were checked (raw_articles, facts ...).';
COMMENT ON COLUMN dq_results.check_name IS 'The check''s name, as the Dagster asset check and the run summary name it.';
COMMENT ON COLUMN dq_results.expectation_type IS 'The Great Expectations expectation behind the check (expect_column_values_to_be_unique ...).';
COMMENT ON COLUMN dq_results.column_name IS 'The column checked; NULL for a check of the whole table.';
COMMENT ON COLUMN dq_results.success IS 'True when every row passed; a failed blocking check stopped the stage, whose rows were not written; NULL when the check was skipped (no new rows).';
COMMENT ON COLUMN dq_results.status IS 'pass, fail, or skipped: no new rows (the stage had nothing new to check in this run).';
COMMENT ON COLUMN dq_results.batches IS 'How many batches of the run''s new rows the result covers; 0 when skipped; NULL in rows recorded before this was kept.';
COMMENT ON COLUMN dq_results.element_count IS 'How many rows were checked, over every batch of the stage in this run.';
COMMENT ON COLUMN dq_results.unexpected_count IS 'How many of them failed the check; NULL for a check that does not count rows.';
COMMENT ON COLUMN dq_results.unexpected_sample IS 'Up to 20 of the failing values, as a JSON list ([] when none failed).';
COMMENT ON COLUMN dq_results.observed_value IS 'What a check of the whole table observed (a count, a share), as text; NULL for a check of rows.';
COMMENT ON COLUMN dq_results.validated_at IS 'When the check ran.';

-- bookkeeping --------------------------------------------------------------------------------
COMMENT ON TABLE stage_progress IS 'Bookkeeping: which version of each article every stage has processed, and under which extraction rules, so that a run does only the work still to do (an article that gave no row is done too).';
COMMENT ON COLUMN stage_progress.progress_key IS 'stage/article_id (unique).';
COMMENT ON COLUMN stage_progress.stage IS 'The stage (clean_articles, fact_mentions, facts, claims).';
COMMENT ON COLUMN stage_progress.article_id IS 'The article processed.';
COMMENT ON COLUMN stage_progress.sha256 IS 'sha256 of the article version processed.';
COMMENT ON COLUMN stage_progress.rules_version IS 'The extraction rules that processed it (a digest of the core and its data); unrecorded for rows older than this column, which the next run processes again.';
COMMENT ON TABLE derived_builds IS 'Bookkeeping: the extraction rules a derived table was last rebuilt in full under. No table is derived so since claims became a view (schema version 10); kept for the warehouses that have it.';
COMMENT ON COLUMN derived_builds.table_name IS 'The derived table.';
COMMENT ON COLUMN derived_builds.rules_version IS 'The extraction rules of its last full rebuild.';
COMMENT ON TABLE inbox_files IS 'Bookkeeping: what the file system said of each inbox file when it was last read, so that an unchanged file is not read again.';
COMMENT ON COLUMN inbox_files.source_path IS 'The file, relative to the inbox.';
COMMENT ON COLUMN inbox_files.file_sha256 IS 'sha256 of the bytes read.';
COMMENT ON COLUMN inbox_files.byte_size IS 'The file''s size in bytes (st_size).';
COMMENT ON COLUMN inbox_files.mtime_ns IS 'The file''s modification time, in nanoseconds since 1970 (st_mtime_ns).';
COMMENT ON COLUMN inbox_files.ctime_ns IS 'The file''s status change time, in nanoseconds since 1970 (st_ctime_ns).';
COMMENT ON COLUMN inbox_files.inode IS 'The file''s inode number (st_ino): a file replaced by another is read again.';
COMMENT ON TABLE schema_migrations IS 'Bookkeeping: the schema migrations (warehouse/sql/NNN_*.sql) this warehouse has applied.';
COMMENT ON COLUMN schema_migrations.version IS 'The migration''s number.';
COMMENT ON COLUMN schema_migrations.name IS 'The migration''s file name.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (local time of the machine).';

-- views --------------------------------------------------------------------------------------
COMMENT ON VIEW v_facts IS 'Every fact with its article''s title, publication date and file: facts for reading, English labels and names first, the Arabic beside them.';
COMMENT ON COLUMN v_facts.article_id IS 'The article that reports the fact.';
COMMENT ON COLUMN v_facts.title IS 'The article''s title; NULL when the input gave none.';
COMMENT ON COLUMN v_facts.published IS 'When the article was published (UTC); NULL when the input gave no date.';
COMMENT ON COLUMN v_facts.source_path IS 'The inbox file of the article.';
COMMENT ON COLUMN v_facts.fact_type IS 'What the figure counts (docs/facts.md).';
COMMENT ON COLUMN v_facts.label_en IS 'The English label of fact_type.';
COMMENT ON COLUMN v_facts.value IS 'The figure in base units of unit.';
COMMENT ON COLUMN v_facts.value_min IS 'The lowest value the text allows; NULL when it sets no lower bound.';
COMMENT ON COLUMN v_facts.value_max IS 'The highest value the text allows; NULL when it sets no upper bound.';
COMMENT ON COLUMN v_facts.qualifier IS 'How the text bounds the figure (exact, more_than, approximately, vague ...).';
COMMENT ON COLUMN v_facts.unit IS 'Unit of value (person, attack, USD ...).';
COMMENT ON COLUMN v_facts.actor_en IS 'The actor''s English name from the gazetteer; NULL when it does not know the actor.';
COMMENT ON COLUMN v_facts.actor IS 'The actor as written in Arabic; empty when the text names none.';
COMMENT ON COLUMN v_facts.actor_key IS 'What claims compare actors by (a gazetteer key such as us_forces, or a spelling-insensitive key).';
COMMENT ON COLUMN v_facts.attribution IS 'Who makes the claim, as written in Arabic; empty when the text says nobody.';
COMMENT ON COLUMN v_facts.as_of IS 'The year the figure refers to, when the text gives one near it; else NULL.';
COMMENT ON COLUMN v_facts.evidence IS 'The Arabic sentence that states the fact.';
COMMENT ON COLUMN v_facts.rule IS 'The typing rule that decided fact_type (docs/typing.md).';
COMMENT ON COLUMN v_facts.fact_id IS 'The fact''s id (facts.fact_id).';

COMMENT ON VIEW v_troop_counts IS 'Troop counts (facts of type troops), one row per article''s figure, by date: what each source says, and when.';
COMMENT ON COLUMN v_troop_counts.as_of_or_published IS 'The year the figure refers to, else the article''s publication date; NULL when neither is known (listed last).';
COMMENT ON COLUMN v_troop_counts.article_id IS 'The article that reports the figure.';
COMMENT ON COLUMN v_troop_counts.source_path IS 'The inbox file of the article.';
COMMENT ON COLUMN v_troop_counts.troops IS 'The number of troops, in persons.';
COMMENT ON COLUMN v_troop_counts.qualifier IS 'How the text bounds it (exact, more_than, approximately ...).';
COMMENT ON COLUMN v_troop_counts.actor_en IS 'Whose troops, in English from the gazetteer; NULL when it does not know the actor.';
COMMENT ON COLUMN v_troop_counts.actor IS 'Whose troops, as written in Arabic; empty when the text does not say.';
COMMENT ON COLUMN v_troop_counts.attribution IS 'Who gives the figure, as written in Arabic; empty when the text says nobody.';
COMMENT ON COLUMN v_troop_counts.evidence IS 'The Arabic sentence that states it.';

COMMENT ON VIEW v_attacks_by_actor IS 'Attack figures by the actor they are attributed to, one row per actor (the spellings of one known entity grouped by its key), highest figure first.';
COMMENT ON COLUMN v_attacks_by_actor.actor_en IS 'The actor''s English name from the gazetteer; NULL when it does not know the actor.';
COMMENT ON COLUMN v_attacks_by_actor.actor IS 'One Arabic spelling of the actor; (unstated) for attack figures that name no actor.';
COMMENT ON COLUMN v_attacks_by_actor.reports IS 'How many attack facts name this actor.';
COMMENT ON COLUMN v_attacks_by_actor.highest_figure IS 'The highest number of attacks any of them reports.';
COMMENT ON COLUMN v_attacks_by_actor.articles IS 'The articles that report them, in id order.';

COMMENT ON VIEW v_funding_by_donor IS 'Money pledged, granted or spent, by donor and currency (donors grouped by actor key), largest stated total first.';
COMMENT ON COLUMN v_funding_by_donor.donor_en IS 'The donor''s English name from the gazetteer; NULL when it does not know the donor.';
COMMENT ON COLUMN v_funding_by_donor.donor IS 'One Arabic spelling of the donor; (unstated) for funding figures that name none.';
COMMENT ON COLUMN v_funding_by_donor.currency IS 'The currency, ISO 4217 (USD, IQD ...): amounts in different currencies are never added.';
COMMENT ON COLUMN v_funding_by_donor.reports IS 'How many funding facts name this donor in this currency.';
COMMENT ON COLUMN v_funding_by_donor.stated_total IS 'The sum of their amounts, vague ones (millions of dollars) left out; NULL when every amount is vague.';
COMMENT ON COLUMN v_funding_by_donor.evidence IS 'The Arabic sentences that state them, largest amount first.';

COMMENT ON VIEW v_claim_disagreements IS 'One row per quantity (type, unit, actor) whose articles give different values, the values side by side with who reports each; empty when no two sources disagree.';
COMMENT ON COLUMN v_claim_disagreements.quantity_key IS 'What is counted: fact_type|unit|actor_key.';
COMMENT ON COLUMN v_claim_disagreements.fact_type IS 'The fact type of the quantity.';
COMMENT ON COLUMN v_claim_disagreements.unit IS 'The unit of the values.';
COMMENT ON COLUMN v_claim_disagreements.actor_en IS 'The actor''s English name from the gazetteer; NULL when it does not know the actor.';
COMMENT ON COLUMN v_claim_disagreements.actor IS 'The actor as written in Arabic.';
COMMENT ON COLUMN v_claim_disagreements.n_values IS 'How many different values are reported.';
COMMENT ON COLUMN v_claim_disagreements.values_reported IS 'Each value with its qualifier, its number of sources and their article ids, ascending by value.';

COMMENT ON VIEW v_dq_latest IS 'The latest result of every data-quality check of every stage that validated rows (a skipped run does not hide the last real result): one row per check, for dashboards.';
COMMENT ON COLUMN v_dq_latest.run_id IS 'The run whose result this is.';
COMMENT ON COLUMN v_dq_latest.stage IS 'The table checked.';
COMMENT ON COLUMN v_dq_latest.check_name IS 'The check''s name.';
COMMENT ON COLUMN v_dq_latest.expectation_type IS 'The Great Expectations expectation behind the check.';
COMMENT ON COLUMN v_dq_latest.column_name IS 'The column checked; NULL for a check of the whole table.';
COMMENT ON COLUMN v_dq_latest.success IS 'True when every row checked passed.';
COMMENT ON COLUMN v_dq_latest.element_count IS 'How many rows were checked.';
COMMENT ON COLUMN v_dq_latest.unexpected_count IS 'How many of them failed; NULL for a check that does not count rows.';
COMMENT ON COLUMN v_dq_latest.unexpected_sample IS 'Up to 20 failing values, as a JSON list ([] when none failed).';
COMMENT ON COLUMN v_dq_latest.observed_value IS 'What a check of the whole table observed, as text; NULL for a check of rows.';
COMMENT ON COLUMN v_dq_latest.validated_at IS 'When the check ran.';
COMMENT ON COLUMN v_dq_latest.status IS 'pass or fail (skipped results are not the latest).';
COMMENT ON COLUMN v_dq_latest.batches IS 'How many batches of that run''s new rows the result covers.';

-- dates (docs/dates.md) ------------------------------------------------------------------------
COMMENT ON VIEW v_facts_dated IS 'Every fact with both dates that can place it in time: the days its figure describes (as_of_start..as_of_end) and its article''s publication; the base of the daily, weekly and monthly views.';
COMMENT ON COLUMN v_facts_dated.fact_id IS 'The fact (facts.fact_id).';
COMMENT ON COLUMN v_facts_dated.article_id IS 'The article it was read in.';
COMMENT ON COLUMN v_facts_dated.fact_type IS 'The fact type (troops, attacks, killed, ...; docs/facts.md).';
COMMENT ON COLUMN v_facts_dated.label_en IS 'The fact type in English words.';
COMMENT ON COLUMN v_facts_dated.unit IS 'Unit of value: person, attack, site, country, item, ton, percent, or an ISO 4217 currency for funding.';
COMMENT ON COLUMN v_facts_dated.value IS 'The figure in base units of unit (facts.value).';
COMMENT ON COLUMN v_facts_dated.qualifier IS 'How the text bounds the figure: exact, more_than, at_least, less_than, at_most, approximately, range or vague.';
COMMENT ON COLUMN v_facts_dated.actor_en IS 'Who the figure is about, in English (the gazetteer''s gloss); NULL when the actor has none.';
COMMENT ON COLUMN v_facts_dated.actor IS 'Who the figure is about, as the Arabic text names them; empty when unstated.';
COMMENT ON COLUMN v_facts_dated.actor_key IS 'The actor as the views group it: its gazetteer key, else its Arabic name.';
COMMENT ON COLUMN v_facts_dated.as_of IS 'The year the figure refers to, as the text gives it; NULL when it gives none.';
COMMENT ON COLUMN v_facts_dated.as_of_start IS 'The first day the figure describes; NULL when the text gives no date.';
COMMENT ON COLUMN v_facts_dated.as_of_end IS 'The last day the figure describes; NULL when the text gives no date.';
COMMENT ON COLUMN v_facts_dated.published IS 'When the article was published (UTC); NULL when the input gave no date.';
COMMENT ON COLUMN v_facts_dated.published_source IS 'Where the publication date came from (see raw_articles.published_source).';
COMMENT ON VIEW v_facts_daily IS 'Facts per day per type, unit and actor: the period the figure describes when its dates fall in one such period, else the period its article was published in; facts with neither are left out.';
COMMENT ON COLUMN v_facts_daily.period IS 'The day the row counts.';
COMMENT ON COLUMN v_facts_daily.dated_by IS 'as_of: the period the figures describe; published: the period their articles were published in.';
COMMENT ON COLUMN v_facts_daily.fact_type IS 'The fact type (docs/facts.md).';
COMMENT ON COLUMN v_facts_daily.label_en IS 'The fact type in English words.';
COMMENT ON COLUMN v_facts_daily.unit IS 'What the figures count or their currency.';
COMMENT ON COLUMN v_facts_daily.actor_en IS 'Who the figures are about, in English; NULL when the actor has no gloss.';
COMMENT ON COLUMN v_facts_daily.actor IS 'Who the figures are about, in Arabic; (unstated) when the text names no one.';
COMMENT ON COLUMN v_facts_daily.facts IS 'How many facts fall in the period.';
COMMENT ON COLUMN v_facts_daily.articles IS 'How many articles they come from.';
COMMENT ON COLUMN v_facts_daily.stated_total IS 'The sum of the figures that are not vague (a sum over reports: the same event told twice counts twice; see claims for agreement).';
COMMENT ON COLUMN v_facts_daily.highest_figure IS 'The largest figure reported in the period.';
COMMENT ON VIEW v_facts_weekly IS 'Facts per week per type, unit and actor: the period the figure describes when its dates fall in one such period, else the period its article was published in; facts with neither are left out.';
COMMENT ON COLUMN v_facts_weekly.period IS 'The week (its Monday) the row counts.';
COMMENT ON COLUMN v_facts_weekly.dated_by IS 'as_of: the period the figures describe; published: the period their articles were published in.';
COMMENT ON COLUMN v_facts_weekly.fact_type IS 'The fact type (docs/facts.md).';
COMMENT ON COLUMN v_facts_weekly.label_en IS 'The fact type in English words.';
COMMENT ON COLUMN v_facts_weekly.unit IS 'What the figures count or their currency.';
COMMENT ON COLUMN v_facts_weekly.actor_en IS 'Who the figures are about, in English; NULL when the actor has no gloss.';
COMMENT ON COLUMN v_facts_weekly.actor IS 'Who the figures are about, in Arabic; (unstated) when the text names no one.';
COMMENT ON COLUMN v_facts_weekly.facts IS 'How many facts fall in the period.';
COMMENT ON COLUMN v_facts_weekly.articles IS 'How many articles they come from.';
COMMENT ON COLUMN v_facts_weekly.stated_total IS 'The sum of the figures that are not vague (a sum over reports: the same event told twice counts twice; see claims for agreement).';
COMMENT ON COLUMN v_facts_weekly.highest_figure IS 'The largest figure reported in the period.';
COMMENT ON VIEW v_facts_monthly IS 'Facts per month per type, unit and actor: the period the figure describes when its dates fall in one such period, else the period its article was published in; facts with neither are left out.';
COMMENT ON COLUMN v_facts_monthly.period IS 'The month (its first day) the row counts.';
COMMENT ON COLUMN v_facts_monthly.dated_by IS 'as_of: the period the figures describe; published: the period their articles were published in.';
COMMENT ON COLUMN v_facts_monthly.fact_type IS 'The fact type (docs/facts.md).';
COMMENT ON COLUMN v_facts_monthly.label_en IS 'The fact type in English words.';
COMMENT ON COLUMN v_facts_monthly.unit IS 'What the figures count or their currency.';
COMMENT ON COLUMN v_facts_monthly.actor_en IS 'Who the figures are about, in English; NULL when the actor has no gloss.';
COMMENT ON COLUMN v_facts_monthly.actor IS 'Who the figures are about, in Arabic; (unstated) when the text names no one.';
COMMENT ON COLUMN v_facts_monthly.facts IS 'How many facts fall in the period.';
COMMENT ON COLUMN v_facts_monthly.articles IS 'How many articles they come from.';
COMMENT ON COLUMN v_facts_monthly.stated_total IS 'The sum of the figures that are not vague (a sum over reports: the same event told twice counts twice; see claims for agreement).';
COMMENT ON COLUMN v_facts_monthly.highest_figure IS 'The largest figure reported in the period.';

-- data-quality history (docs/quality.md) ------------------------------------------------------
COMMENT ON VIEW v_dq_history IS 'Every check''s result in every run, in run order: a check''s trend is its rows. One row per check per run, skipped ones included.';
COMMENT ON COLUMN v_dq_history.run_started IS 'When the run began validating (its first result''s time).';
COMMENT ON COLUMN v_dq_history.run_id IS 'The Dagster run.';
COMMENT ON COLUMN v_dq_history.runs_ago IS 'How many runs before the latest one (0: the latest).';
COMMENT ON COLUMN v_dq_history.stage IS 'The table checked.';
COMMENT ON COLUMN v_dq_history.check_name IS 'The check''s name.';
COMMENT ON COLUMN v_dq_history.status IS 'pass, fail, or skipped: no new rows.';
COMMENT ON COLUMN v_dq_history.rows_validated IS 'How many rows the check looked at in that run (0 when skipped).';
COMMENT ON COLUMN v_dq_history.unexpected_count IS 'How many of them failed; NULL for a check that does not count rows.';
COMMENT ON COLUMN v_dq_history.batches IS 'How many batches of the run''s new rows the result covers.';
COMMENT ON COLUMN v_dq_history.pass_rate IS 'The share of the rows validated that met the check (1 or 0 for a check of the whole table); NULL when skipped.';
COMMENT ON COLUMN v_dq_history.validated_at IS 'When the check ran.';
