"""Claims: the same quantity (type, actor, place or event, time) as reported across articles."""
