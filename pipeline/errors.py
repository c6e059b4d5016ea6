"""Errors a user can act on: printed as one ``Error: ...`` line, exit code 1."""


class PipelineError(Exception):
    """A problem with the input or the settings, explained for the user."""


class InputError(PipelineError):
    """The input file cannot be processed (missing, empty, binary, too large, ...)."""


class SettingsError(PipelineError):
    """A value in pipeline.toml is missing or invalid."""
