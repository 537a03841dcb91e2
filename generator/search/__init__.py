"""Public site's search: records from the model, a Pagefind index built on shards."""
