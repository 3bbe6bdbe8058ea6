"""Tables: a batch of articles through every stage, as the Arrow tables the warehouse stores."""
