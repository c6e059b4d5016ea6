"""Every setting of pipeline.toml, declared once: its type, default, constraint and meaning.

``load`` reads the file once, checks every section and key before any stage runs (unknown
keys, wrong types and values outside their constraint stop the run with a message naming
the key and what is valid), and keeps the result for the whole process: a corpus run is not
changed by an edit to the file while it runs. ``--config PATH`` (or PIPELINE_CONFIG) selects
another file. This module imports nothing heavy, so the check costs milliseconds.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import SettingsError

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "pipeline.toml"

# Choices shared with the code that acts on them.
ENGINES = ("jieba", "rjieba")
HARVEST_SOURCES = ("quotes", "book_titles", "numeric_slogans", "glossary")
STOPWORD_LISTS = ("general", "formulaic")
WEIGHTS = ("genre", "keyness", "frequency", "tfidf")
TEXTRANK_METHODS = ("jieba", "power")
CLAIM_KINDS = ("target", "achieved", "estimate", "plan")
EXECUTORS = ("local", "dask")
LANGUAGES = ("zh", "en", "bilingual")  # report.language: what people read (CSV columns stay English)


@dataclass(frozen=True)
class Choices:
    """One of ``options`` (each item of a list setting, for a list)."""

    options: tuple[str, ...]

    def check(self, key: str, value) -> None:
        bad = [v for v in (value if isinstance(value, tuple) else (value,)) if v not in self.options]
        if bad:
            raise SettingsError(f"{key} = {value!r}: {', '.join(map(repr, bad))} is not valid; valid: "
                                f"{', '.join(self.options)}")


@dataclass(frozen=True)
class Interval:
    """A number in [low, high] (``open_low``: above low)."""

    low: float | None = None
    high: float | None = None
    open_low: bool = False

    def check(self, key: str, value) -> None:
        below = self.low is not None and (value <= self.low if self.open_low else value < self.low)
        if below or (self.high is not None and value > self.high):
            low = "" if self.low is None else f"{'above' if self.open_low else 'at least'} {self.low:g}"
            high = "" if self.high is None else f"at most {self.high:g}"
            raise SettingsError(f"{key} = {value!r} is out of range; it must be {' and '.join(filter(None, (low, high)))}")


class _Section:
    """A section of pipeline.toml: ``from_dict`` checks its values (see ``settings_from``)."""

    _section = ""

    @classmethod
    def from_dict(cls, values: dict[str, Any]):
        return settings_from(cls._section, cls, values)


@dataclass(frozen=True)
class CleanSettings(_Section):
    """Settings of the clean stage (section ``[clean]`` of pipeline.toml).

    Parameters
    ----------
    encoding : str, default "auto"
        Input encoding, or "auto" to detect it.
    chrome_rules : str, default "pipeline/cleaning/chrome_rules.toml"
        Rules file for page chrome, relative to the project root.
    max_input_mb : float, default 20
        Larger inputs are refused (a report is well under 1 MB).
    repair_mojibake : bool, default True
        Try to repair garbled spans; when False they are only flagged.
    min_repair_confidence : float, default 0.9
        A repair is applied only at this confidence or above.
    """

    encoding: str = "auto"
    chrome_rules: str = "pipeline/cleaning/chrome_rules.toml"
    max_input_mb: float = 20
    repair_mojibake: bool = True
    min_repair_confidence: float = 0.9

    _constraints = {"max_input_mb": Interval(0, open_low=True), "min_repair_confidence": Interval(0, 1)}

    _section = "clean"


@dataclass(frozen=True)
class SegmentSettings(_Section):
    """Settings of the segment stage (section ``[segment]`` of pipeline.toml).

    Parameters
    ----------
    engine : {"jieba", "rjieba"}, default "jieba"
        "jieba" is the reference (jieba.posseg tags); "rjieba" is jieba-rs, about 20×
        faster, with tags from its dictionary (see README for the cost).
    hmm : bool, default True
        Let the engine find words missing from the dictionary with its HMM.
    policy_terms : str, default "lexicon/policy_terms.txt"
        The curated policy lexicon.
    harvest : list of str, default all of quotes, book_titles, numeric_slogans, glossary
        Where to harvest the document's own terms from.
    harvest_max_length : int, default 10
        Longest harvested term, in characters.
    use_candidates : bool, default False
        Add the statistical new-word candidates to the dictionary too.
    candidate_min_count, candidate_min_pmi, candidate_min_entropy, candidate_limit : int, float, float, int
        Thresholds of the candidate search (occurrences, cohesion in nats, boundary
        entropy in nats, how many to list).
    stopword_lists : list of str, default ["general", "formulaic"]
        Lists that set ``is_stop``: "general" (stopwords-iso) and "formulaic"
        (the genre's effort words). Later stages may choose again from ``stop_list``.
    traditional : {"auto", "convert", "keep"}, default "auto"
        Segment traditional-character text through a simplified copy (OpenCC t2s);
        "auto" does so when the text is mostly traditional. Tokens keep the original.
    """

    engine: str = "jieba"
    hmm: bool = True
    policy_terms: str = "lexicon/policy_terms.txt"
    harvest: tuple[str, ...] = HARVEST_SOURCES
    harvest_max_length: int = 10
    use_candidates: bool = False
    candidate_min_count: int = 4
    candidate_min_pmi: float = 3.0
    candidate_min_entropy: float = 0.9
    candidate_limit: int = 50
    stopword_lists: tuple[str, ...] = ("general", "formulaic")
    traditional: str = "auto"

    _constraints = {"engine": Choices(ENGINES), "traditional": Choices(("auto", "convert", "keep")),
                    "harvest": Choices(HARVEST_SOURCES), "stopword_lists": Choices(STOPWORD_LISTS)}

    _section = "segment"


@dataclass(frozen=True)
class KeywordSettings(_Section):
    """Settings of the keywords stage (section ``[keywords]`` of pipeline.toml).

    Parameters
    ----------
    stopword_lists : list of str, default ["general", "formulaic"]
        Stop lists whose words are left out (see ``stop_list`` in tokens.parquet).
    exclude_kinds : list of str, default ["quantity", "date", "punct"]
        Token kinds left out of the tables.
    min_chars : int, default 2
        Shorter terms are left out (single characters are mostly function words).
    exclude_pos : list of str
        Parts of speech left out: adverbs, pronouns, conjunctions, prepositions, particles,
        interjections, numerals and measure words carry no topic.
    roles : list of str
        Paragraph roles whose tokens count (the title block and the address do not).
    textrank_pos : list of str
        Parts of speech TextRank may pick, as jieba.analyse.TextRank's allowPOS.
    textrank_method : str, default "jieba"
        "jieba": jieba.analyse's TextRank (10 rounds of in-place updates), as `make` writes it;
        "power": the same graph ranked by power iteration to convergence on a sparse matrix, about
        3× faster; its top 10 terms share 98.9% with jieba's on average over the real reports'
        chapters (corpus mode uses it: ``corpus.textrank_method``).
    textrank_window : int, default 5
    top_k : int, default 20
        Terms per chapter in keywords.md.
    emphasis_top : int, default 10
        Each body chapter's top keyness terms that make the rows of emphasis.csv.
    min_count : int, default 2
        Terms used fewer times in a chapter get no keyness rank (a single occurrence in a
        short preamble is "significant" but says nothing).
    negative_p : float, default 0.05
        Negative keywords (terms a chapter uses less than the rest) are listed when their
        p value is below this.
    categories : str, default "lexicon/policy_categories.toml"
    genre_profile : str, default "lexicon/genre"
        The genre profile each chapter is compared with (``python -m pipeline reference`` builds
        one); "" leaves genre keyness out.
    genre_min_count : int, default 3
        Terms used fewer times in a chapter get no genre rank (rare words are noise).
    genre_min_log_ratio : float, default 1.0
        Effect-size floor of the genre rank: at least 2^this times as frequent as in the genre.
    content_pos : list of str
        Parts of speech of content terms, the only ones the genre rank ranks: nouns, place and
        organisation names, verbal nouns, and the policy lexicon's tags (idioms, abbreviations);
        not verbs, adverbs or evaluative adjectives. A term's part of speech is its most frequent
        tag in the report.
    """

    stopword_lists: tuple[str, ...] = ("general", "formulaic")
    exclude_kinds: tuple[str, ...] = ("quantity", "date", "punct")
    min_chars: int = 2
    exclude_pos: tuple[str, ...] = ("d", "r", "c", "p", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "e", "o",
                                    "m", "q", "mq", "f", "x")
    roles: tuple[str, ...] = ("text", "section_heading", "chapter_heading", "appendix_heading")
    textrank_pos: tuple[str, ...] = ("ns", "n", "vn", "v", "nz", "l", "nt", "nr", "j", "i", "eng")
    textrank_method: str = "jieba"
    textrank_window: int = 5
    top_k: int = 20
    emphasis_top: int = 10
    min_count: int = 2
    negative_p: float = 0.05
    categories: str = "lexicon/policy_categories.toml"
    genre_profile: str = "lexicon/genre"
    genre_min_count: int = 3
    genre_min_log_ratio: float = 1.0
    content_pos: tuple[str, ...] = ("n", "nr", "ns", "nt", "nz", "nl", "ng", "vn", "l", "i", "j", "eng")

    _constraints = {"stopword_lists": Choices(STOPWORD_LISTS), "min_chars": Interval(1), "top_k": Interval(1),
                    "emphasis_top": Interval(1), "min_count": Interval(1), "negative_p": Interval(0, 1),
                    "textrank_window": Interval(2), "genre_min_count": Interval(1),
                    "textrank_method": Choices(TEXTRANK_METHODS)}

    _section = "keywords"


@dataclass(frozen=True)
class TopicSettings(_Section):
    """Settings of the topics stage (section ``[topics]`` of pipeline.toml).

    Parameters
    ----------
    model : {"nmf", "lda"}, default "nmf"
        NMF on TF-IDF, or LDA on counts.
    k_min, k_max : int, default 3, 10
        Range of topic numbers tried (capped at one topic per 5 units).
    seed : int, default 42
        Seed of the final model and of the clusters.
    stability_seeds : int, default 4
        Extra runs per k for the stability score, each on another 80% sample of the units
        with another seed.
    min_stability : float, default 0.6
        k is the most coherent among those at least this stable (else the most stable).
    top_terms : int, default 10
        Terms per topic (coherence is computed on these).
    unit_terms : int, default 40
        Target size of a unit in terms; longer paragraphs are split into sentence windows.
    min_df : int, default 2
        Terms in fewer units are left out of the vectors.
    cluster_min_units : int, default 8
        Chapters with fewer units are not clustered (a row says so).
    min_chapter_units : int, default 3
        Chapters with fewer units get no topic shares on the page and in topics_by_chapter.png (a
        chapter of one unit is "100%" one topic); chapter_topics.csv keeps them, with ``units``.
    weak_silhouette : float, default 0.25
        Clusters whose silhouette is at most this are said to show no substantial structure
        (Kaufman and Rousseeuw's reading of the silhouette); up to 0.5, weak.
    cluster_k_min, cluster_k_max : int, default 2, 6
    stopword_lists, exclude_kinds, exclude_pos, min_chars, roles
        Which tokens are terms, as in ``[keywords]``.
    """

    model: str = "nmf"
    k_min: int = 3
    k_max: int = 10
    seed: int = 42
    stability_seeds: int = 4
    min_stability: float = 0.6
    top_terms: int = 10
    unit_terms: int = 40
    min_df: int = 2
    cluster_min_units: int = 8
    min_chapter_units: int = 3
    weak_silhouette: float = 0.25
    cluster_k_min: int = 2
    cluster_k_max: int = 6
    stopword_lists: tuple[str, ...] = ("general", "formulaic")
    exclude_kinds: tuple[str, ...] = ("quantity", "date", "punct")
    exclude_pos: tuple[str, ...] = ("d", "r", "c", "p", "u", "uj", "ul", "uz", "uv", "ud", "ug", "y", "e", "o",
                                    "m", "q", "mq", "f", "x")
    min_chars: int = 2
    roles: tuple[str, ...] = ("text", "section_heading")

    _constraints = {"model": Choices(("nmf", "lda")), "k_min": Interval(2), "k_max": Interval(2),
                    "stability_seeds": Interval(2), "min_stability": Interval(0, 1), "top_terms": Interval(2),
                    "cluster_k_min": Interval(2), "cluster_k_max": Interval(2), "stopword_lists": Choices(STOPWORD_LISTS),
                    "min_chapter_units": Interval(1), "weak_silhouette": Interval(-1, 1)}

    def _check(self) -> None:
        if self.k_min > self.k_max or self.cluster_k_min > self.cluster_k_max:
            raise SettingsError("topics.k_min must be at most topics.k_max, cluster_k_min at most cluster_k_max")

    _section = "topics"


@dataclass(frozen=True)
class FigureSettings(_Section):
    """Settings of the figures stage (section ``[figures]`` of pipeline.toml).

    Parameters
    ----------
    width, height : int, default 1200, 800
        Size of every word cloud in pixels (charts are as wide, and as tall as their rows need).
    max_words : int, default 120
        Words per cloud (per sector in the comparison cloud: ``comparison_terms``).
    min_font_size, max_font_size : int, default 14, 150
        Smallest and largest word in pixels.
    prefer_horizontal : float, default 1.0
        Share of words laid out horizontally (Chinese reads badly turned on its side).
    layout_scale : int, default 2
        The layout is searched on a canvas this many times smaller, then drawn full size.
    chapter_weight, report_weight : {"genre", "keyness", "frequency", "tfidf"}
        What sizes a word: chapters by keyness against the same part of the genre profile
        ("keyness", against the rest of the report, where a chapter has no genre ranks), the
        whole report by frequency.
    min_terms : int, default 10
        A chapter with fewer weighted terms gets no cloud (listed in figures.json).
    min_chapter_tokens : int, default 150
        A chapter with fewer term tokens gets no cloud either: an opening address of a few
        lines has nothing a cloud can show (listed in figures.json).
    comparison_terms : int, default 40
        Terms per chapter in the comparison cloud.
    heatmap_terms : int, default 40
        Rows of the term heatmap (emphasis.csv's terms, in its order).
    font_path : str, default ""
        A CJK font file; empty: Noto Sans CJK SC from the mplfonts package.
    seed : int, default 42
        Seed of the cloud layouts.
    workers : int, default 2
        Processes that render pictures in parallel (1: no pool).
    """

    width: int = 1200
    height: int = 800
    max_words: int = 120
    min_font_size: int = 14
    max_font_size: int = 150
    prefer_horizontal: float = 1.0
    layout_scale: int = 2
    chapter_weight: str = "genre"
    report_weight: str = "frequency"
    min_terms: int = 10
    min_chapter_tokens: int = 150
    comparison_terms: int = 40
    heatmap_terms: int = 40
    font_path: str = ""
    seed: int = 42
    workers: int = 2

    _constraints = {"chapter_weight": Choices(WEIGHTS), "report_weight": Choices(WEIGHTS), "width": Interval(300),
                    "height": Interval(300), "layout_scale": Interval(1), "workers": Interval(1),
                    "prefer_horizontal": Interval(0, 1), "max_words": Interval(1), "min_font_size": Interval(1)}

    _section = "figures"


@dataclass(frozen=True)
class ReportSettings(_Section):
    """Settings of the report stage (section ``[report]`` of pipeline.toml).

    Parameters
    ----------
    language : str, default "zh"
        The language people read: "zh" (Chinese), "en" (English) or "bilingual" (both), for the
        page, the figures' titles and labels, report.md and the workbook's headers. CSV column
        names stay English snake_case.
    keyword_rows : int, default 30
        Terms per chapter in the page's keyword tables (all of them are in tables.xlsx).
    kwic_width : int, default 25
        Characters of context each side of a term in the keyword-in-context lines.
    kwic_lines : int, default 60
        Lines per term on the page (``python -m pipeline kwic`` lists them all).
    markdown_terms : int, default 10
        Terms per chapter and topic in report.md.
    embed_font : bool, default True
        Embed the characters of the page from the figures' CJK font, so the page reads on
        machines without a Chinese font (adds about 300 KB and 2 s).
    font_path : str, default ""
        The font to embed; empty: the figures' bundled Noto Sans CJK SC.
    """

    keyword_rows: int = 30
    kwic_width: int = 25
    kwic_lines: int = 60
    markdown_terms: int = 10
    embed_font: bool = True
    font_path: str = ""
    language: str = "zh"

    _constraints = {"keyword_rows": Interval(1), "kwic_lines": Interval(1), "markdown_terms": Interval(1),
                    "kwic_width": Interval(0), "language": Choices(LANGUAGES)}

    _section = "report"


@dataclass(frozen=True)
class TargetSettings(_Section):
    """Settings of the targets stage (section ``[targets]`` of pipeline.toml).

    Parameters
    ----------
    indicators : str, default "lexicon/indicators.toml"
        The indicator list: canonical ids with their synonyms, the units figures are read with,
        and the qualifiers with their hard/soft coding.
    kinds : list of str, default ["target", "achieved", "estimate", "plan"]
        Which claims targets.csv keeps: this year's targets, last year's results, estimates (预计)
        and the figures of the tasks chapters.
    """

    indicators: str = "lexicon/indicators.toml"
    kinds: tuple[str, ...] = CLAIM_KINDS

    _constraints = {"kinds": Choices(CLAIM_KINDS)}

    _section = "targets"


@dataclass(frozen=True)
class CorpusSettings(_Section):
    """Settings of corpus mode (section ``[corpus]`` of pipeline.toml).

    Parameters
    ----------
    executor : {"local", "dask"}, default "local"
        Where the per-report stages run: a local process pool, or a Dask cluster.
    workers : int, default 2
        Processes of the local pool, or of the LocalCluster started when no scheduler is given.
    scheduler : str, default ""
        Address of a running Dask scheduler (``tcp://host:8786``); empty starts a LocalCluster on
        127.0.0.1 with ``workers`` processes.
    batch_reports : int, default 32
        Reports a worker takes at a time: segmented together (their token tables are built in
        one pass), fewer when there are few reports, so every worker gets some.
    engine : str, default ""
        Segmentation engine for corpus runs; empty: ``segment.engine``.
    figures : bool, default True
        Also draw each report's figures and write its report page (as `make` does).
    report_topics : bool, default False
        Also fit each report's own topic model and cluster its chapters (as `make` does for one
        report). Choosing k takes about 40 small NMF fits per report: with the clusters, two
        thirds of a report's time without figures. Off (the default in corpus mode: the corpus
        topic model describes every report with the same topics), each report's topics/ tables
        list its units and say why there is no model and no clusters.
    textrank_method : str, default "power"
        How each report's keywords.csv ranks TextRank in corpus mode (see ``keywords.textrank_method``):
        power iteration is about 3× faster; its scores are not the bytes `make` writes for one report.
    topics : bool, default True
        Fit one topic model over the chapters of all reports (mini-batch NMF) and write
        topic_prevalence.csv, topics.csv and their figures.
    topic_k_min : int, default 6
        Smallest number of corpus topics tried (k is chosen by coherence among the stable ones;
        seed, min_stability and top_terms come from the [topics] section).
    topic_k_max : int, default 12
        Largest number of corpus topics tried.
    topic_stability_seeds : int, default 2
        Extra fits per k, each on another 80% of the chapters, to measure stability.
    topic_min_df : int, default 5
        Terms in fewer chapters than this are left out of the corpus topic model.
    duplicate_threshold : float, default 0.8
        Estimated Jaccard similarity of character 5-grams at which two reports are one.
    trend_min_count : int, default 5
        Terms used fewer times in the whole corpus (per scope) are left out of keyword_trends.csv.
    alignment_min_similarity : float, default 0.3
        A chapter whose title names no role joins the most similar role at this cosine or above.
    trend_terms : list of str, default []
        Terms drawn in trends.png; empty: the most frequent terms of the corpus.
    trend_figure_terms : int, default 8
        How many terms trends.png draws when ``trend_terms`` is empty.
    """

    executor: str = "local"
    workers: int = 2
    scheduler: str = ""
    batch_reports: int = 32
    engine: str = ""
    figures: bool = True
    report_topics: bool = False
    textrank_method: str = "power"
    topics: bool = True
    topic_k_min: int = 6
    topic_k_max: int = 12
    topic_stability_seeds: int = 2
    topic_min_df: int = 5
    duplicate_threshold: float = 0.8
    trend_min_count: int = 5
    alignment_min_similarity: float = 0.3
    trend_terms: tuple[str, ...] = ()
    trend_figure_terms: int = 8

    _constraints = {"executor": Choices(EXECUTORS), "workers": Interval(1), "batch_reports": Interval(1),
                    "topic_k_min": Interval(2), "topic_k_max": Interval(2), "topic_stability_seeds": Interval(1),
                    "topic_min_df": Interval(1), "textrank_method": Choices(TEXTRANK_METHODS),
                    "duplicate_threshold": Interval(0, 1, open_low=True), "alignment_min_similarity": Interval(0, 1),
                    "engine": Choices(("",) + ENGINES)}

    def _check(self) -> None:
        if self.topic_k_min > self.topic_k_max:
            raise SettingsError("corpus.topic_k_min must be at most corpus.topic_k_max")

    _section = "corpus"


SECTIONS = {"clean": CleanSettings, "targets": TargetSettings, "segment": SegmentSettings, "keywords": KeywordSettings,
            "topics": TopicSettings, "figures": FigureSettings, "report": ReportSettings, "corpus": CorpusSettings}


@dataclass(frozen=True)
class Settings:
    """The whole of pipeline.toml, checked: one attribute per section, and the raw sections."""

    path: Path
    clean: CleanSettings
    targets: TargetSettings
    segment: SegmentSettings
    keywords: KeywordSettings
    topics: TopicSettings
    figures: FigureSettings
    report: ReportSettings
    corpus: CorpusSettings
    raw: dict[str, dict[str, Any]]


_loaded: dict[Path, Settings] = {}


def settings_path() -> Path:
    """The settings file of this run: PIPELINE_CONFIG (set by ``--config``), else pipeline.toml."""
    chosen = os.environ.get("PIPELINE_CONFIG")
    return Path(chosen).resolve() if chosen else SETTINGS_FILE


def load(path: Path | None = None) -> Settings:
    """Read and check the settings file once per process; later calls return the same settings."""
    path = path or settings_path()
    if path not in _loaded:
        raw = read_settings_file(path)
        unknown = sorted(set(raw) - set(SECTIONS))
        if unknown:
            raise SettingsError(f"{path}: unknown section(s) {', '.join(f'[{s}]' for s in unknown)}; "
                                f"valid: {', '.join(SECTIONS)}")
        checked = {name: cls.from_dict(raw.get(name, {})) for name, cls in SECTIONS.items()}
        _loaded[path] = Settings(path, raw=raw, **checked)
    return _loaded[path]


def read_settings_file(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(f"settings file {path} not found; restore pipeline.toml from git or give --config") from None
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"{path} is not valid TOML: {err}") from None


def settings_from(section: str, cls, values: dict[str, Any]):
    """A settings dataclass from a section: names, types and constraints checked, lists as tuples."""
    names = [f.name for f in dataclasses.fields(cls)]
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise SettingsError(f"unknown setting(s) in [{section}]: {', '.join(unknown)}; valid: {', '.join(names)}")
    check_types(section, cls, values)
    settings = cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})
    for key, constraint in getattr(cls, "_constraints", {}).items():
        constraint.check(f"{section}.{key}", getattr(settings, key))
    if hasattr(settings, "_check"):
        settings._check()
    return settings


def check_types(section: str, cls, values: dict[str, Any]) -> None:
    """Each value of a settings section has the type of the dataclass field's default."""
    for field in dataclasses.fields(cls):
        if field.name not in values:
            continue
        value, default = values[field.name], field.default
        expected = (int, float) if isinstance(default, float) else type(default)
        if isinstance(default, tuple):
            ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, expected) and not (isinstance(value, bool) and not isinstance(default, bool))
        if not ok:
            raise SettingsError(f"{section}.{field.name} = {value!r} in {settings_path().name} should be like {default!r}")


def markdown() -> str:
    """docs/settings.md: every setting with its default, constraint and meaning, from the declarations."""
    lines = ["# Settings", "",
             "`pipeline.toml`, one section per stage; `--config PATH` selects another file. Written by",
             "`python -m pipeline settings --markdown` from `pipeline/settings.py`: do not edit.", ""]
    for section, cls in SECTIONS.items():
        meanings = _documented(cls.__doc__ or "")
        constraints = getattr(cls, "_constraints", {})
        lines += [f"## [{section}]", "", "| setting | default | valid | meaning |", "|---|---|---|---|"]
        for field in dataclasses.fields(cls):
            valid = _described(constraints.get(field.name))
            lines.append(f"| `{field.name}` | `{_toml(field.default)}` | {valid} | {meanings.get(field.name, '')} |")
        lines.append("")
    return "\n".join(lines)


def _documented(doc: str) -> dict[str, str]:
    """Each parameter's description from a numpy-style docstring (indented four, then eight)."""
    found: dict[str, list[str]] = {}
    current = None
    for line in doc.split("Parameters", 1)[-1].splitlines():
        if line.startswith("    ") and not line.startswith("        ") and line.strip():
            if " : " not in line:  # a parameter listed without a type
                line = line + " : "
            names, current = line.strip().split(" : ", 1)[0], []
            for name in names.split(","):
                found[name.strip()] = current
        elif line.startswith("        ") and current is not None:
            current.append(line.strip())
    return {name: " ".join(words).replace("|", "\\|") for name, words in found.items()}


def _described(constraint) -> str:
    if isinstance(constraint, Choices):
        return ", ".join(f"`{option}`" if option else '`""`' for option in constraint.options)
    if isinstance(constraint, Interval):
        low = "" if constraint.low is None else f"{'>' if constraint.open_low else '≥'} {constraint.low:g}"
        high = "" if constraint.high is None else f"≤ {constraint.high:g}"
        return ", ".join(filter(None, (low, high)))
    return ""


def _toml(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return str(value)
