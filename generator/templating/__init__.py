"""Jinja and the security boundary, shared by the three outputs: environment, sanitising, charts."""
