"""Adal: a static-site generator for the internal analysis of corruption risks (kk/ru)."""

__version__ = "0.1.0"
