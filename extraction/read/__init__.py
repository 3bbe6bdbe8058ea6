"""Reading: files in the inbox to raw articles (formats, encodings, publication dates) or quarantine."""
