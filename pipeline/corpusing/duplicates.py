"""Near-duplicate reports: the same report twice (another copy, a re-scrape) is found and
counted once.

Each report's cleaned text becomes a MinHash of its character 5-grams (datasketch); an LSH
index proposes pairs whose estimated Jaccard similarity may reach the threshold, and a pair
at or above it is a duplicate. Of a group of duplicates the report kept is the one with the
fewest quality findings, then the longest text, then the first name.
"""

from __future__ import annotations

import re

import numpy as np

SHINGLE = 5
PERMUTATIONS = 128
_NOT_TEXT = re.compile(r"\s+")
_BASE = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime, as the polynomial's base


def shingle_hashes(text: str) -> np.ndarray:
    """32-bit hashes of the text's distinct character 5-grams (whitespace removed), computed on
    arrays: hashing each shingle in Python (datasketch's default, SHA-1) made the signature
    cost 30 ms per report instead of 9. A text shorter than 5 characters is one shingle, the
    whole text (an empty one hashes to 0), as before. The estimates differ slightly from
    SHA-1's (another hash family), so a pair right at the threshold may fall the other way."""
    compact = _NOT_TEXT.sub("", text)
    code_points = np.frombuffer(compact.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = max(1, len(code_points) - SHINGLE + 1)
    value = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64, as intended
        for k in range(SHINGLE):
            piece = code_points[k:k + count]
            value[:len(piece)] = value[:len(piece)] * _BASE + piece
        value = _mix(value)
    return np.unique(value >> np.uint64(32))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit moves every output bit, so the top 32 bits hash well."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def minhash(text: str):
    """The text's MinHash signature (about 1 KB, whatever the text's length: a corpus keeps these, not texts)."""
    from datasketch import MinHash

    signature = MinHash(num_perm=PERMUTATIONS, seed=1, hashfunc=int)  # the shingles come hashed
    signature.update_batch(shingle_hashes(text).tolist())
    return signature


def near_duplicates(signatures: dict, documents: dict[str, dict], threshold: float) -> dict[str, tuple[str, float]]:
    """{duplicate doc: (doc kept, estimated Jaccard similarity)} for every report that repeats another,
    from the reports' signatures (``minhash``) and their rows (quality findings, characters)."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    for doc, signature in signatures.items():
        index.insert(doc, signature)
    parent = {doc: doc for doc in signatures}

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
        return (documents[doc].get("quality_findings", 0), -documents[doc].get("characters", 0), doc)

    groups: dict[str, list[str]] = {}
    for doc in signatures:
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
