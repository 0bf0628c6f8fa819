"""The monitoring detector: DB-free stages over batches of social-media items.

normalize (layer 0) → rules (layer 1, from the election file) → features + model (layer 2,
delexicalised linear model) → optional transformer (layer 3) → detector (fusion, reasons, codes).
See docs/monitoring.md.
"""
