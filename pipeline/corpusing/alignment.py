"""Chapter roles: which chapter of each report reviews last year, reads the situation, sets
this year's tasks, or is about the government's own conduct.

Reports share that skeleton under changing titles and numbers. A body chapter is aligned
by its title first (patterns below, confidence 0.9); a chapter whose title names no role
is compared with the role's centroid, the mean term profile of the chapters the titles
placed, across the whole corpus (cosine similarity; the similarity is the confidence, and
below ``min_similarity`` the chapter stays ``other``). A report whose body is one chapter
(no headings) has no parts to align: its chapter stays ``other``.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.roles import ROLE_LABELS, ROLES, role_of_title

TITLE_CONFIDENCE = 0.9


def align(chapters: pd.DataFrame, counts: sparse.csr_matrix, min_similarity: float) -> pd.DataFrame:
    """One row per body chapter: doc, chapter, title, role, method (title / content / none), confidence."""
    body = chapters.index[chapters["kind"] == "body"].to_numpy()
    roles, methods, confidence = [], [], []
    for title in chapters.loc[body, "title"].fillna(""):
        role = role_of_title(title)
        roles.append(role or "other")
        methods.append("title" if role else "none")
        confidence.append(TITLE_CONFIDENCE if role else 0.0)
    profiles = _normalise(counts[body].astype(float))
    placed = np.array([m == "title" for m in methods], dtype=bool)
    centroids = {}
    for role in ROLES:
        members = placed & (np.array(roles) == role)
        if members.any():
            centroid = np.asarray(profiles[members].mean(axis=0)).ravel()
            centroids[role] = centroid / (np.linalg.norm(centroid) or 1.0)
    single = chapters.loc[body, "doc"].map(chapters.loc[body, "doc"].value_counts()).to_numpy() == 1
    for i in np.flatnonzero(~placed & ~single):  # a report in one chapter has no parts to align
        if not centroids:
            break
        similarity = {role: float(profiles[i].dot(c)[0]) for role, c in centroids.items()}
        best = max(similarity, key=lambda r: (similarity[r], r))
        if similarity[best] >= min_similarity:
            roles[i], methods[i], confidence[i] = best, "content", round(similarity[best], 3)
    out = chapters.loc[body, ["doc", "chapter", "title"]].reset_index(drop=True)
    return out.assign(role=roles, role_label=[ROLE_LABELS[r] for r in roles], method=methods, confidence=confidence)


def _normalise(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Rows scaled to unit length (a chapter's term profile)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1 / norms) @ matrix
