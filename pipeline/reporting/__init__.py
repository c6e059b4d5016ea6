"""Pieces of the report stage: the tables of one document, the HTML page, Markdown, the workbook."""
