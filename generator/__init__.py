"""Gongkai (公开): a static-site generator for government information disclosure."""

import time

__version__ = "0.1.0"
STARTED = time.perf_counter()  # when the command began: what "the HTML was in place after n s" counts from
