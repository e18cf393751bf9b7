"""Loading: content files and YAML → typed records with line numbers, in parallel and with a
parse cache; the whole site as a `Site`. Imports text/, model/, reports/.
"""
