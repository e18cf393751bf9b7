"""The site plan: every output URL with its template and context, decided before anything is
written; listings, facets, feeds, exports, the theme's assets, the annual-report pages.
"""
