"""The topics stage: topics across the report and clusters within each chapter.

``topic_tables`` is the pure core (tokens in, tables out); ``main`` reads
``tokens.parquet`` and ``clean/document.json`` and writes ``outputs/<doc>/topics/``.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from pipeline import topicmodel
from pipeline.text import split_sentences
from pipeline.config import stage_settings
from pipeline.settings import TopicSettings
from pipeline.io import frame_csv, write_outputs
from pipeline.catalog import read_tokens
from pipeline.terms import term_tokens

SELECTION_COLUMNS = ["k", "coherence_npmi", "stability", "chosen", "reason"]
TOPIC_COLUMNS = ["topic", "label", "rank", "term", "weight"]
CLUSTER_COLUMNS = ["chapter", "chapter_title", "cluster", "size", "label_terms", "central_sentence", "paragraph_ids",
                   "silhouette", "note"]


@dataclass
class TopicTables:
    selection: pd.DataFrame
    topics: pd.DataFrame
    units: pd.DataFrame
    chapter_topics: pd.DataFrame
    clusters: pd.DataFrame
    summary: str


def topic_tables(tokens: pd.DataFrame, chapters: list[dict], settings: TopicSettings,
                 skip_reason: str = "") -> TopicTables:
    """All topic tables of one document. Pure: tokens in, tables out. With ``skip_reason`` no
    model is fitted and nothing is clustered: the tables list the units and say why.

    BLAS and OpenMP run on one thread: a report's matrices are small, and threads only
    cost here (the models fit 2-3× faster on one), while corpus runs already keep every
    core busy with a worker. One thread count also means the same bytes in either run.
    """
    with threadpool_limits(limits=1):
        return _topic_tables(tokens, chapters, settings, skip_reason)


def _topic_tables(tokens: pd.DataFrame, chapters: list[dict], settings: TopicSettings,
                  skip_reason: str) -> TopicTables:
    units = topicmodel.make_units(tokens, term_tokens(tokens, settings), target=settings.unit_terms)
    titles = {c["number"]: c["title"] or c["kind"] for c in chapters}
    if skip_reason:
        return _without_model(units, chapters, titles, skip_reason, f"not clustered: {skip_reason}")
    k_max = min(settings.k_max, len(units) // 5)
    if len(units) < 10 or k_max < settings.k_min:
        return _without_model(units, chapters, titles,
                              f"too few units for topics: {len(units)} (at least {max(10, settings.k_min * 5)} needed)",
                              f"too few units to cluster (< {settings.cluster_min_units})")
    x_tfidf, x_counts, vocab = topicmodel.vectorize(units, min_df=settings.min_df)
    binary = (x_counts > 0).toarray()
    index = {t: i for i, t in enumerate(vocab)}
    rows, best, full_fits = [], None, {}
    for k in range(settings.k_min, k_max + 1):
        full_fits[k] = topicmodel.fit(settings.model, k, settings.seed, x_tfidf, x_counts)
        runs = [topicmodel.top_terms(full_fits[k][1], vocab, settings.top_terms)]
        for s in range(1, settings.stability_seeds + 1):
            # NMF's nndsvda start is deterministic, so a new seed alone would change little:
            # each stability run also sees a different 80% of the units (Greene et al. 2014).
            sample = np.sort(np.random.default_rng(settings.seed + s).choice(len(units), int(0.8 * len(units)),
                                                                              replace=False))
            components = topicmodel.fit(settings.model, k, settings.seed + s, x_tfidf[sample], x_counts[sample])[1]
            runs.append(topicmodel.top_terms(components, vocab, settings.top_terms))
        coherence = float(np.mean(topicmodel.npmi(runs[0], binary, index)))
        rows.append({"k": k, "coherence_npmi": round(coherence, 4), "stability": round(topicmodel.stability(runs), 4)})
    selection = pd.DataFrame(rows)
    best, reason = topicmodel.choose_k(selection, settings.min_stability)
    selection["chosen"] = selection["k"] == best
    selection["reason"] = np.where(selection["chosen"], reason, "")
    weights, components = full_fits[best]
    topic_terms = topicmodel.top_terms(components, vocab, settings.top_terms)
    labels = ["·".join(terms[:3]) for terms in topic_terms]
    topics = pd.DataFrame([{"topic": t + 1, "label": labels[t], "rank": r + 1, "term": term,
                            "weight": round(float(components[t, index[term]]), 6)}
                           for t, terms in enumerate(topic_terms) for r, term in enumerate(terms)])
    shares = weights / np.where(weights.sum(axis=1, keepdims=True) > 0, weights.sum(axis=1, keepdims=True), 1)
    unit_table = pd.DataFrame({"unit": [u.id for u in units], "paragraph_id": [u.paragraph_id for u in units],
                               "chapter": [u.chapter for u in units], "terms": [len(u.terms) for u in units]})
    for t in range(best):
        unit_table[f"topic_{t + 1}"] = shares[:, t].round(4)
    chapter_topics = _chapter_shares(unit_table, best, titles)
    clusters = _clusters(units, x_tfidf, vocab, chapters, titles, settings)
    summary = _summary(selection, topics, labels, unit_table, units, chapter_topics, clusters, settings)
    return TopicTables(selection, topics, unit_table, chapter_topics, clusters, summary)


def _chapter_shares(unit_table: pd.DataFrame, k: int, titles) -> pd.DataFrame:
    """Share of each topic in each chapter: unit shares weighted by the unit's number of terms; ``units``
    says how many units the shares rest on (a chapter of one unit is "100%" one topic, which says little)."""
    columns = [f"topic_{t + 1}" for t in range(k)]
    weighted = unit_table[columns].mul(unit_table["terms"], axis=0)
    table = weighted.groupby(unit_table["chapter"]).sum()
    table = table.div(table.sum(axis=1).replace(0, 1), axis=0).round(4)
    table.insert(0, "units", unit_table.groupby("chapter").size().reindex(table.index).to_numpy())
    table.insert(0, "chapter_title", [titles.get(c) for c in table.index])
    return table.reset_index()


def _clusters(units, x_tfidf, vocab, chapters, titles, settings: TopicSettings) -> pd.DataFrame:
    rows = []
    by_chapter: dict[int, list[int]] = {}
    for i, unit in enumerate(units):
        by_chapter.setdefault(unit.chapter, []).append(i)
    vocab_weights = x_tfidf.toarray()
    for chapter in chapters:
        idx = by_chapter.get(chapter["number"], [])
        if not idx:
            continue
        found = topicmodel.cluster_chapter(vocab_weights[idx], k_range=(settings.cluster_k_min, settings.cluster_k_max),
                                           min_units=settings.cluster_min_units, seed=settings.seed)
        if found is None:
            rows.append({"chapter": chapter["number"], "chapter_title": titles[chapter["number"]], "cluster": None,
                         "size": len(idx), "note": f"too few units to cluster: {len(idx)}, at least "
                                                   f"{settings.cluster_min_units} needed (the report's topics still "
                                                   "cover this chapter)"})
            continue
        labels, k, silhouette = found
        for c in range(k):
            members = [idx[j] for j in range(len(idx)) if labels[j] == c]
            centroid = vocab_weights[members].mean(axis=0)
            top = np.argsort(-centroid, kind="stable")[:3]
            # the member closest to the centroid that says something (not only a salutation or a heading)
            ranked = sorted(members, key=lambda m: (-float(vocab_weights[m] @ centroid), m))
            central = next((found for m in ranked if (found := _content_sentence(units[m].text))),
                           _first_sentence(units[ranked[0]].text))
            rows.append({"chapter": chapter["number"], "chapter_title": titles[chapter["number"]], "cluster": c + 1,
                         "size": len(members), "label_terms": "·".join(vocab[j] for j in top if centroid[j] > 0),
                         "central_sentence": central,
                         "paragraph_ids": " ".join(dict.fromkeys(units[m].paragraph_id for m in members)),
                         "silhouette": round(silhouette, 4), "note": ""})
    return _integer_ids(pd.DataFrame(rows, columns=CLUSTER_COLUMNS))


def _integer_ids(clusters: pd.DataFrame) -> pd.DataFrame:
    """Cluster numbers stay integers (1, not 1.0) where some chapters have none."""
    return clusters.assign(cluster=clusters["cluster"].astype("Int64"))


def _first_sentence(text: str, limit: int = 80) -> str:
    spans = split_sentences(text)
    return text[: spans[0][1]][:limit] if spans else text[:limit]


# A salutation (各位代表、各位委员、同志们！) or a heading says nothing about what a cluster is about.
_NOT_CONTENT = re.compile(r"^(各位|同志们|女士们|先生们)|^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")
_MIN_CONTENT_CHARS = 10


def _content_sentence(text: str, limit: int = 80) -> str | None:
    """The text's first sentence that says something: not a salutation, not a heading, not a fragment."""
    for a, b in split_sentences(text):
        sentence = text[a:b].strip()
        if len(sentence) >= _MIN_CONTENT_CHARS and not _NOT_CONTENT.search(sentence):
            return sentence[:limit]
    return None


def _without_model(units, chapters, titles, note: str, cluster_note: str) -> TopicTables:
    """Tables that list the units and say why there is no topic model (``note``) and no clusters."""
    selection = pd.DataFrame([{"k": None, "coherence_npmi": None, "stability": None, "chosen": False, "reason": note}])
    clusters = pd.DataFrame([{"chapter": c["number"], "chapter_title": titles[c["number"]], "cluster": None,
                              "size": sum(u.chapter == c["number"] for u in units),
                              "note": cluster_note}
                             for c in chapters], columns=CLUSTER_COLUMNS)
    empty_units = pd.DataFrame({"unit": [u.id for u in units], "paragraph_id": [u.paragraph_id for u in units],
                                "chapter": [u.chapter for u in units], "terms": [len(u.terms) for u in units]})
    return TopicTables(selection, pd.DataFrame(columns=TOPIC_COLUMNS), empty_units,
                       pd.DataFrame(columns=["chapter", "chapter_title"]), clusters, f"# 主题 Topics\n\n{note}.\n")


def _summary(selection, topics, labels, unit_table, units, chapter_topics, clusters, settings) -> str:
    chosen = selection[selection["chosen"]].iloc[0]
    lines = ["# 主题 Topics\n", f"{len(units)} units (paragraphs, long ones split into sentence windows of about "
             f"{settings.unit_terms} terms); model {settings.model.upper()}; k = {int(chosen['k'])} chosen from "
             f"{settings.k_min}–{int(selection['k'].max())} ({chosen['reason']}): coherence (NPMI) "
             f"{chosen['coherence_npmi']}, stability {chosen['stability']} (top-term agreement of {settings.stability_seeds + 1} "
             "runs: all units, and 80% samples with other seeds).\n",
             "\n| k | coherence (NPMI) | stability |\n|---|---|---|"]
    lines += [f"| {int(r.k)}{' ←' if r.chosen else ''} | {r.coherence_npmi} | {r.stability} |" for r in selection.itertuples()]
    lines.append("\n## Topics\n")
    for t, label in enumerate(labels, start=1):
        terms = topics[topics["topic"] == t]["term"].tolist()
        typical = unit_table.sort_values([f"topic_{t}", "unit"], ascending=[False, True]).head(3)
        examples = "; ".join(f"{row.paragraph_id} “{_first_sentence(units[i].text, 40)}”"
                             for i, row in zip(typical.index, typical.itertuples(), strict=True))
        lines.append(f"**{t}. {label}**: {'、'.join(terms)}  \n典型段落: {examples}\n")
    lines.append("\n## Topic shares by chapter\n")
    columns = [c for c in chapter_topics.columns if c.startswith("topic_")]
    lines.append("| chapter | " + " | ".join(f"{i + 1}. {labels[i]}" for i in range(len(columns))) + " |")
    lines.append("|---|" + "---|" * len(columns))
    for row in chapter_topics.itertuples(index=False):
        lines.append(f"| {row.chapter} {row.chapter_title} | " + " | ".join(f"{getattr(row, c):.0%}" for c in columns)
                     + " |")
    lines.append("\n## Clusters within chapters\n")
    for row in clusters.itertuples(index=False):
        if pd.isna(row.cluster):
            lines.append(f"- {row.chapter} {row.chapter_title}: {row.note}")
        else:
            lines.append(f"- {row.chapter}.{int(row.cluster)} ({row.size} units) {row.label_terms}: "
                         f"“{row.central_sentence}” ({row.paragraph_ids})")
    return "\n".join(lines) + "\n"


def output_files(tables: TopicTables) -> dict[str, bytes]:
    return {
        "model_selection.csv": frame_csv(tables.selection, SELECTION_COLUMNS),
        "topics.csv": frame_csv(tables.topics, TOPIC_COLUMNS),
        "topic_units.csv": frame_csv(tables.units, list(tables.units.columns)),
        "chapter_topics.csv": frame_csv(tables.chapter_topics, list(tables.chapter_topics.columns)),
        "chapter_clusters.csv": frame_csv(tables.clusters, CLUSTER_COLUMNS),
        "topics.md": tables.summary.encode("utf-8"),
    }


def run(doc_dir: Path, outdir: Path, *, settings: TopicSettings | None = None, skip_reason: str = "") -> TopicTables:
    """The topics stage for one report; with ``skip_reason``, the tables say why no model was fitted."""
    settings = settings or TopicSettings.from_dict(stage_settings("topics"))
    tokens, document = read_tokens(doc_dir)
    tables = topic_tables(tokens, document["chapters"], settings, skip_reason)
    write_outputs(outdir, output_files(tables))
    return tables


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("doc_dir", type=Path, help="a document's output folder (with tokens.parquet and clean/)")
    parser.add_argument("outdir", type=Path, help="folder for the topic tables")


def main(args: argparse.Namespace) -> int:
    run(args.doc_dir, args.outdir)
    return 0
