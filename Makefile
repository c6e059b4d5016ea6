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
# make cannot name files it or the shell would split or expand (spaces, brackets, quotes, $ & ; :
# and the like), nor know a table's rows or subfolders: corpus mode reads those itself.
SPACED := $(shell ls $(RAW) 2>/dev/null | grep '[][ ()$$&;:|<>*?!#"`{}\\]')
NESTED := $(shell find '$(RAW)' -mindepth 2 -type f 2>/dev/null | head -1)
# A file target per stage for a single report; anything else (several reports, tables, names
# with spaces, no report at all: the corpus command then says what is wrong) is corpus mode.
SINGLE := $(if $(TABLES)$(SPACED)$(NESTED)$(filter corpus,$(MAKECMDGOALS)),,$(filter 1,$(words $(DOCS))))
TEXT_COLUMN ?=
CORPUS_FLAGS := $(if $(TEXT_COLUMN),--text-column '$(TEXT_COLUMN)')

# The stage graph comes from pipeline/stages.py (one declaration): each stage's files, what it
# reads, and its code (found from its imports) and data. The fragment is rewritten when the code changes.
STAGES_MK := .cache/stages.mk
$(STAGES_MK): $(wildcard pipeline/*.py pipeline/*/*.py)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	@mkdir -p $(@D)
	@$(PYTHON) -m pipeline stages --make > $@.tmp && mv $@.tmp $@
include $(STAGES_MK)

# The settings file a run reads (pipeline run follows PIPELINE_CONFIG too).
SETTINGS ?= $(or $(PIPELINE_CONFIG),pipeline.toml)
ALL_CODE := $(sort $(foreach s,$(STAGE_NAMES),$($(s)_CODE))) $(SETTINGS)

.PHONY: all setup test test-fast check clean help corpus evaluate reference targets

## all: set up .venv on first use, then build every output for every report in data/raw/ (or RAW=folder)
ifneq ($(SINGLE),)
# One report: a grouped rule per stage, from the stage graph (what it reads, its code and data,
# the settings), so that make and `pipeline run` judge staleness alike. Every rule's recipe is
# the same `pipeline run`: the first stale one runs all stale stages in one process (libraries
# load once), and the rules after it find their files current. Asking for one stage's file
# (make outputs/X/keywords/keywords.csv) runs only what that file needs. Safe with make -j2.
DOC := $(OUT)/$(DOCS)
DOC_OUT := $(addprefix $(DOC)/,$(ALL_FILES))
GOALS := $(strip $(filter $(OUT)/%,$(MAKECMDGOALS)) $(if $(filter targets,$(MAKECMDGOALS)),$(addprefix $(DOC)/,$(TARGETS_FILES))))
RUN_REPORT = $(PY) -m pipeline run $(INPUTS) $(DOC) $(if $(GOALS),--targets $(GOALS))
all: $(DOC_OUT)
define stage_rule
$(addprefix $(DOC)/,$($(1)_FILES)) &: $(if $($(1)_READS),$(addprefix $(DOC)/,$($(1)_READS)),$(INPUTS)) \
		$($(1)_CODE) $(SETTINGS) | $(SETUP)
	$$(RUN_REPORT)
endef
$(foreach s,$(STAGE_NAMES),$(eval $(call stage_rule,$(s))))
else
# Several reports: corpus mode runs every stage of each new or changed report in a process pool
# (corpus.workers, with a progress bar), then writes outputs/corpus/. The stamp marks a run in
# which every report succeeded; a failed report is listed in outputs/corpus/documents.csv.
all: $(OUT)/corpus/.made
endif

CORPUS_CODE := pipeline/corpus.py $(wildcard pipeline/corpusing/*.py pipeline/reporting/templates/*) $(ALL_CODE)
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

## targets: only the targets and indicators of the reports in RAW (outputs/<doc>/targets/; several reports: all of corpus mode)
ifneq ($(SINGLE),)
targets: $(addprefix $(DOC)/,$(TARGETS_FILES))
else
targets: $(OUT)/corpus/.made
endif

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

# stop words the segmenter would split into non-stop words
$(OUT)/stopwords_check.csv: $(SEGMENT_CODE) | $(SETUP)
	$(PY) -m pipeline stopwords-check $@

## test: lint with ruff and run the test suite
test: $(TEST_SETUP)
	$(PY) -m ruff check $(wildcard pipeline tests benchmarks)
	$(PY) -m pytest

## test-fast: the edit loop: ruff and the unit and integration tests (no make runs, no browser)
test-fast: $(TEST_SETUP)
	$(PY) -m ruff check $(wildcard pipeline tests benchmarks)
	$(PY) -m pytest -m "not slow and not browser"

## check: list stop words the segmenter splits into non-stop words (outputs/stopwords_check.csv)
check: $(OUT)/stopwords_check.csv

## evaluate: score the clean and targets stages against the gold set (tests/gold, reports from ../shared): accuracy, every miss
evaluate: $(SETUP)
	$(PY) -m pipeline evaluate --check
	$(PY) -m pipeline evaluate-targets --check

## reference: rebuild the genre profile lexicon/genre/ from ../shared (or REFERENCE_RAW=folders REFERENCE_OUT=folder)
REFERENCE_RAW ?= ../shared/corpora ../shared/corpus
REFERENCE_OUT ?= lexicon/genre
reference: $(SETUP)
	$(PY) -m pipeline reference $(REFERENCE_RAW) $(REFERENCE_OUT)

## clean: delete generated outputs (keeps outputs/README.md and .venv)
clean:
	find $(OUT) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +

## help: list the targets
help:
	@grep -hE '^## ' $(firstword $(MAKEFILE_LIST)) | sed 's/^## /  make /'
