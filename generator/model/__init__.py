"""The data the pipeline works on: content types, site_config.yml, official vocabulary and
identifiers, working days, findings (with their printing and the exit codes). Imports text/ only.
"""
