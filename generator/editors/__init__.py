"""Editors' tools: new files, import of rolls and decisions, diff, schema, rule book."""
