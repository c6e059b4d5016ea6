"""Near-duplicate reports: the same report twice (another copy, a re-scrape) is found and
counted once.

Each report's cleaned text becomes a MinHash of its character 5-grams (datasketch); an LSH
index proposes pairs whose estimated Jaccard similarity may reach the threshold, and a pair
at or above it is a duplicate. Of a group of duplicates the report kept is the one with the
fewest quality findings, then the longest text, then the first name.
"""

from __future__ import annotations

import re

SHINGLE = 5
PERMUTATIONS = 128
_NOT_TEXT = re.compile(r"\s+")


def _minhash(text: str):
    from datasketch import MinHash

    compact = _NOT_TEXT.sub("", text)
    shingles = {compact[i:i + SHINGLE] for i in range(max(1, len(compact) - SHINGLE + 1))}
    signature = MinHash(num_perm=PERMUTATIONS, seed=1)
    signature.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return signature


def near_duplicates(texts: dict[str, str], documents: dict[str, dict], threshold: float) -> dict[str, tuple[str, float]]:
    """{duplicate doc: (doc kept, estimated Jaccard similarity)} for every report that repeats another."""
    from datasketch import MinHashLSH

    signatures = {doc: _minhash(text) for doc, text in texts.items()}
    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    for doc, signature in signatures.items():
        index.insert(doc, signature)
    parent = {doc: doc for doc in texts}

    def root(doc: str) -> str:
        while parent[doc] != doc:
            doc = parent[doc]
        return doc

    similarity = {}
    for doc, signature in signatures.items():
        for other in index.query(signature):
            if other != doc and signature.jaccard(signatures[other]) >= threshold:
                similarity[tuple(sorted((doc, other)))] = signature.jaccard(signatures[other])
                parent[root(other)] = root(doc)

    def preference(doc: str):
        return (documents[doc].get("quality_findings", 0), -len(texts[doc]), doc)

    groups: dict[str, list[str]] = {}
    for doc in texts:
        groups.setdefault(root(doc), []).append(doc)
    found = {}
    for members in groups.values():
        if len(members) > 1:
            kept = min(members, key=preference)
            for doc in members:
                if doc != kept:
                    pair = tuple(sorted((doc, kept)))
                    found[doc] = (kept, round(similarity.get(pair, signatures[doc].jaccard(signatures[kept])), 3))
    return found
