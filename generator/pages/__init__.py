"""Public site: the pages rendered from the model (Markdown, post-build HTML, mkdocs.yml)."""
