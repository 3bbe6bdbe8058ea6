"""News nobody here wrote: the tuning and the blind set (see README.md)."""
