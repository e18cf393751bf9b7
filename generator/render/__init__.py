"""Rendering: planned pages → HTML through Jinja and Python-Markdown, in worker processes, with a
page cache; placing files (links, atomic replacement).
"""
