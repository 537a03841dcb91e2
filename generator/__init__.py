"""vinhdanh: a static site generator for Vietnamese honour rolls (thi đua, khen thưởng)."""

__version__ = "0.1.0"
