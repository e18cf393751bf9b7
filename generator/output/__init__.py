"""Whole builds: check, plan, render, index, swap into place; fast rebuilds; sharded builds
and their assembly.
"""
