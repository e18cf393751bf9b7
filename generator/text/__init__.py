"""Every text a person reads: finding messages and console lines for editors (messages.py,
report_messages.py), the public site's interface strings (site.py). The first layer: it imports
nothing else of the generator.
"""
