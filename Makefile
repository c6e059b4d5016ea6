# Government work report pipeline: `make` builds everything for data/raw/, `make help` explains.
# Every output is a real file target; a stage reruns only when its input, its code or
# pipeline.toml changed. Safe with `make -j2`.

SHELL := /bin/bash
# One bad report must not stop the others: keep going, fail at the end.
MAKEFLAGS += --keep-going
# No .DELETE_ON_ERROR: every stage writes its files atomically (all or nothing), so a failed
# recipe leaves the last good outputs in place instead of deleting them.
# Every output is a result a reader may open: never delete one as an "intermediate" file
# (make would, for a file reached only through pattern rules, e.g. `make outputs/X/report.html`).
.SECONDARY:
.DEFAULT_GOAL := all
.SUFFIXES:

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SETUP := $(VENV)/.installed
TEST_SETUP := $(VENV)/.installed-dev
RAW ?= data/raw
OUT ?= outputs

# One report per file; tables hold one report per row.
EXTENSIONS := txt html htm docx pdf TXT HTML HTM DOCX PDF
TABLE_EXTENSIONS := csv jsonl parquet CSV JSONL PARQUET
INPUTS := $(sort $(foreach ext,$(EXTENSIONS),$(wildcard $(RAW)/*.$(ext))))
TABLES := $(sort $(foreach ext,$(TABLE_EXTENSIONS),$(wildcard $(RAW)/*.$(ext))))
DOCS := $(basename $(notdir $(INPUTS)))
# make cannot name files with spaces, nor know a table's rows or subfolders: corpus mode reads those itself.
SPACED := $(shell ls $(RAW) 2>/dev/null | grep ' ')
NESTED := $(shell find '$(RAW)' -mindepth 2 -type f 2>/dev/null | head -1)
# A file target per stage for a single report; anything else (several reports, tables, names
# with spaces, no report at all: the corpus command then says what is wrong) is corpus mode.
SINGLE := $(if $(TABLES)$(SPACED)$(NESTED)$(filter corpus,$(MAKECMDGOALS)),,$(filter 1,$(words $(DOCS))))
TEXT_COLUMN ?=
CORPUS_FLAGS := $(if $(TEXT_COLUMN),--text-column '$(TEXT_COLUMN)')

SHARED_CODE := pipeline/__init__.py pipeline/__main__.py pipeline/config.py pipeline/errors.py pipeline/io.py \
	pipeline/jieba_model.py pipeline.toml
CLEAN_CODE := pipeline/clean.py $(wildcard pipeline/cleaning/*.py) pipeline/cleaning/chrome_rules.toml $(SHARED_CODE)
CLEAN_FILES := clean.txt paragraphs.csv sentences.csv document.json cleaning_log.csv quality.csv

SEGMENT_CODE := pipeline/segment.py $(wildcard pipeline/segmenting/*.py) lexicon/policy_terms.txt \
	$(wildcard stopwords/*.txt) $(SHARED_CODE)

KEYWORDS_CODE := pipeline/keywords.py $(wildcard pipeline/keywording/*.py) lexicon/policy_categories.toml $(SHARED_CODE)
KEYWORDS_FILES := keywords.csv emphasis.csv categories.csv keywords.md

TOPICS_CODE := pipeline/topics.py pipeline/topicmodel.py pipeline/keywords.py $(SHARED_CODE)
TOPICS_FILES := model_selection.csv topics.csv topic_units.csv chapter_topics.csv chapter_clusters.csv topics.md

# figures: the PNGs vary with the chapters; figures.json lists them and stands for the set
FIGURES_CODE := pipeline/figures.py $(wildcard pipeline/figuring/*.py) pipeline/naming.py pipeline/keywording/selection.py \
	pipeline/keywording/categories.py lexicon/policy_categories.toml $(SHARED_CODE)

# report: everything above -> report.html, report.md, tables.xlsx (the data dictionary feeds the README sheet)
REPORT_CODE := pipeline/report.py $(wildcard pipeline/reporting/*.py pipeline/reporting/templates/*) \
	pipeline/kwic.py pipeline/segment.py pipeline/naming.py pipeline/figuring/fonts.py \
	pipeline/keywording/selection.py outputs/README.md $(SHARED_CODE)
REPORT_FILES := report.html report.md tables.xlsx

# Every file of every group, so a deleted one is made again.
CLEAN_OUT := $(foreach d,$(DOCS),$(foreach f,$(CLEAN_FILES),$(OUT)/$(d)/clean/$(f)))
SEGMENT_OUT := $(foreach d,$(DOCS),$(OUT)/$(d)/tokens.parquet $(OUT)/$(d)/lexicon_found.csv)
KEYWORDS_OUT := $(foreach d,$(DOCS),$(foreach f,$(KEYWORDS_FILES),$(OUT)/$(d)/keywords/$(f)))
TOPICS_OUT := $(foreach d,$(DOCS),$(foreach f,$(TOPICS_FILES),$(OUT)/$(d)/topics/$(f)))
FIGURES_OUT := $(foreach d,$(DOCS),$(OUT)/$(d)/figures/figures.json)
REPORT_OUT := $(foreach d,$(DOCS),$(foreach f,$(REPORT_FILES),$(OUT)/$(d)/$(f)))

.PHONY: all setup test check clean help corpus evaluate

## all: set up .venv on first use, then build every output for every report in data/raw/ (or RAW=folder)
ifneq ($(SINGLE),)
# One report: a file target per stage output (safe with make -j2, reruns only what changed).
# (the report stage, the last to run, names the page to open)
all: $(CLEAN_OUT) $(SEGMENT_OUT) $(KEYWORDS_OUT) $(TOPICS_OUT) $(FIGURES_OUT) $(REPORT_OUT)
else
# Several reports: corpus mode runs every stage of each new or changed report in a process pool
# (corpus.workers, with a progress bar), then writes outputs/corpus/. The stamp marks a run in
# which every report succeeded; a failed report is listed in outputs/corpus/documents.csv.
all: $(OUT)/corpus/.made
endif

CORPUS_CODE := pipeline/corpus.py $(wildcard pipeline/corpusing/*.py) $(CLEAN_CODE) $(SEGMENT_CODE) \
	$(KEYWORDS_CODE) $(TOPICS_CODE) $(FIGURES_CODE) $(REPORT_CODE)
# The folder's listing (names, sizes, times), rewritten only when it changes: a report removed,
# changed, added with an old date (cp -p, tar), or named with spaces makes the corpus again.
CORPUS_INPUTS := $(OUT)/corpus/.inputs
ifeq ($(SINGLE),)
LISTING = (ls -lR --time-style=+%s -- '$(RAW)' 2>&1)
$(shell mkdir -p $(OUT)/corpus && ($(LISTING) | cmp -s - $(CORPUS_INPUTS) || $(LISTING) > $(CORPUS_INPUTS)))
endif
# The listing stands for the reports (make cannot name files with spaces as prerequisites).
$(OUT)/corpus/.made: $(CORPUS_INPUTS) $(CORPUS_CODE) | $(SETUP)
	$(PY) -m pipeline corpus '$(RAW)' $(OUT) $(CORPUS_FLAGS)
	touch $@

## corpus: corpus mode for the reports in RAW (default data/raw/), even a single one
corpus: $(OUT)/corpus/.made

## setup: create .venv and install the pipeline (done by `make` when needed; `make test` adds the test tools)
setup: $(SETUP)

$(SETUP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet -e .
	touch $@

# The test tools (pytest, hypothesis, ruff, playwright, dask) only for `make test`.
$(TEST_SETUP): $(SETUP) pyproject.toml
	PYTHONWARNINGS=ignore $(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# clean: raw report -> outputs/<doc>/clean/ (six files, written together)
define clean_rule
$(OUT)/%/clean/clean.txt $(OUT)/%/clean/paragraphs.csv $(OUT)/%/clean/sentences.csv \
$(OUT)/%/clean/document.json $(OUT)/%/clean/cleaning_log.csv $(OUT)/%/clean/quality.csv: \
		$(RAW)/%.$(1) $(CLEAN_CODE) | $(SETUP)
	$(PY) -m pipeline clean $$< $$(@D)
endef
$(foreach ext,$(EXTENSIONS),$(eval $(call clean_rule,$(ext))))

# segment: clean/ -> tokens.parquet and lexicon_found.csv
$(OUT)/%/tokens.parquet $(OUT)/%/lexicon_found.csv: $(OUT)/%/clean/clean.txt $(OUT)/%/clean/paragraphs.csv \
		$(OUT)/%/clean/sentences.csv $(OUT)/%/clean/document.json $(SEGMENT_CODE) | $(SETUP)
	$(PY) -m pipeline segment $(OUT)/$*/clean $(OUT)/$*

# keywords: tokens -> keywords/ (five files, written together)
$(foreach f,$(KEYWORDS_FILES),$(OUT)/%/keywords/$(f)): $(OUT)/%/tokens.parquet $(OUT)/%/clean/document.json \
		$(KEYWORDS_CODE) | $(SETUP)
	$(PY) -m pipeline keywords $(OUT)/$* $(@D)

# topics: tokens -> topics/ (six files, written together)
$(foreach f,$(TOPICS_FILES),$(OUT)/%/topics/$(f)): $(OUT)/%/tokens.parquet $(OUT)/%/clean/document.json \
		$(TOPICS_CODE) | $(SETUP)
	$(PY) -m pipeline topics $(OUT)/$* $(@D)

# figures: keywords/ and topics/ -> figures/ (clouds and charts, listed in figures.json)
$(OUT)/%/figures/figures.json: $(OUT)/%/keywords/keywords.csv $(OUT)/%/keywords/emphasis.csv \
		$(OUT)/%/keywords/categories.csv $(OUT)/%/topics/chapter_topics.csv $(OUT)/%/topics/topics.csv \
		$(OUT)/%/clean/document.json $(FIGURES_CODE) | $(SETUP)
	$(PY) -m pipeline figures $(OUT)/$* $(@D)

# report: one page per document, its Markdown summary and the workbook of every table
$(foreach f,$(REPORT_FILES),$(OUT)/%/$(f)): $(OUT)/%/figures/figures.json $(CLEAN_FILES:%=$(OUT)/\%/clean/%) \
		$(OUT)/%/lexicon_found.csv $(OUT)/%/tokens.parquet $(KEYWORDS_FILES:%=$(OUT)/\%/keywords/%) \
		$(TOPICS_FILES:%=$(OUT)/\%/topics/%) $(REPORT_CODE) | $(SETUP)
	$(PY) -m pipeline report $(OUT)/$* $(OUT)/$*

# stop words the segmenter would split into non-stop words
$(OUT)/stopwords_check.csv: $(SEGMENT_CODE) | $(SETUP)
	$(PY) -m pipeline stopwords-check $@

## test: lint with ruff and run the test suite
test: $(TEST_SETUP)
	$(PY) -m ruff check $(wildcard pipeline tests benchmarks)
	$(PY) -m pytest

## check: list stop words the segmenter splits into non-stop words (outputs/stopwords_check.csv)
check: $(OUT)/stopwords_check.csv

## evaluate: score the clean stage against the gold set (tests/gold, reports read from ../shared): accuracy and every miss
evaluate: $(SETUP)
	$(PY) -m pipeline evaluate --check

## clean: delete generated outputs (keeps outputs/README.md and .venv)
clean:
	find $(OUT) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  make /'
