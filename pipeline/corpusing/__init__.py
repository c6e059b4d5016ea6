"""Pieces of corpus mode: running many reports, corpus tables, chapter alignment, near-duplicates."""
