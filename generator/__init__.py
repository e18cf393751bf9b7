"""Gongkai (公开): a static-site generator for government information disclosure."""

__version__ = "0.1.0"
