"""Tools for editors and offices: new files from templates, importing legacy documents, JSON
Schema, CODEOWNERS, generated docs.
"""
