"""Reading the sources: safe YAML, the documents' schemas, the site configuration, validation."""
