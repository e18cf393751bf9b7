"""The `gongkai` subcommands: each reads its arguments, runs the pipeline's parts and returns
an exit code. generator/cli.py only parses and dispatches to them.
"""
