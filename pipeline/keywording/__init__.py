"""Parts of the keywords stage: keyness statistics, rankers, policy categories, writers."""
