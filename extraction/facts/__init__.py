"""Facts: the mentions of one figure in an article merged into one fact, its actor named in English."""
