"""The Site model and what is derived from it alone: URLs, labels, rolls, statistics."""
