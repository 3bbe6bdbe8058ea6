"""Numbers: figures written in digits or in Arabic words, parsed to values with their unit and qualifier."""
