"""The tutorial way to a word cloud, the baseline of benchmarks/figures.py.

jieba.lcut on the raw report, word counts without stop words, one 1200×800 cloud of 200
words with wordcloud's defaults, and a TF-IDF top-20 list: what most blog posts do.

    .venv/bin/python benchmarks/tutorial_baseline.py RAW_REPORT OUT_PNG
"""

import sys
from collections import Counter
from pathlib import Path

import jieba
import jieba.analyse
from wordcloud import WordCloud

from pipeline.resources.fonts import font_path

ROOT = Path(__file__).resolve().parent.parent


def main(raw: Path, out: Path) -> None:
    text = raw.read_text(encoding="utf-8", errors="replace")
    stop = set((ROOT / "stopwords" / "general_zh.txt").read_text(encoding="utf-8").split())
    counts = Counter(w for w in jieba.lcut(text) if len(w) >= 2 and w not in stop)
    cloud = WordCloud(font_path=str(font_path("")), width=1200, height=800, max_words=200, background_color="white")
    cloud.generate_from_frequencies(counts).to_file(str(out))
    print(jieba.analyse.extract_tags(text, topK=20))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
