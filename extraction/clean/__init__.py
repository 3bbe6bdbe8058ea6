"""Cleaning: normalized Arabic, page furniture removed, sentences, with offsets back to the raw text."""
