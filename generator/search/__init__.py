"""The search index over the rendered site (Pagefind, extended binary for Chinese).
"""
