"""One colour per term, the same in every figure of a document.

Terms of a policy category take the category's colour (lexicon/policy_categories.toml, in
its order); other terms take one of a few greys chosen by a stable hash of the term, so a
term never changes colour between clouds, runs or machines.
"""

from __future__ import annotations

import hashlib

from pipeline.i18n import pick

# Ten distinguishable colours that read on white (tab10 with its grey swapped for navy).
CATEGORY_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22",
                    "#17becf", "#393b79"]
OTHER_GREYS = ["#3d3d3d", "#555555", "#6b6b6b", "#7a7a7a"]
OTHER_LABEL = "其他"


class TermColours:
    """Colour of a term, and the categories for a legend."""

    def __init__(self, categories, language: str = "zh") -> None:
        self.labels = {c.key: c.name(language) for c in categories}
        self.other = pick((OTHER_LABEL, "other"), language)
        self.colour_of_category = {c.key: CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)] for i, c in enumerate(categories)}
        self.category_of = {term: c.key for c in categories for term in c.terms}

    def colour(self, term: str) -> str:
        category = self.category_of.get(term)
        if category:
            return self.colour_of_category[category]
        digest = hashlib.blake2s(term.encode("utf-8"), digest_size=2).digest()
        return OTHER_GREYS[int.from_bytes(digest, "big") % len(OTHER_GREYS)]

    def legend(self, terms) -> list[tuple[str, str]]:
        """(label, colour) of the categories among ``terms``, in the dictionary's order, then 其他."""
        present = {self.category_of.get(t) for t in terms}
        entries = [(self.labels[key], colour) for key, colour in self.colour_of_category.items() if key in present]
        if None in present:
            entries.append((self.other, OTHER_GREYS[1]))
        return entries
