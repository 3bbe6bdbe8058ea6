"""Text shared by every stage: Arabic letters and digits, the lexicon's tables, offsets, dates, ids."""
