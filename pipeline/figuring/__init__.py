"""Pieces of the figures stage: fonts, colours, word clouds, charts."""
