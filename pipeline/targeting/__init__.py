"""The targets stage's parts: numbers as written (numbers), the indicator list (indicators) and
the claim parser (claims)."""
