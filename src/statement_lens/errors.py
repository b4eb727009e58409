"""One exception hierarchy for the whole package.

Every message says what was wrong, what was expected and how to fix it. Pages and the CLI catch
:class:`StatementLensError` and show its message; anything else is a programmer error and raises.
"""

from __future__ import annotations


class StatementLensError(Exception):
    """Base class of every error a user can cause and fix."""


class InputError(StatementLensError):
    """The input (file, bytes, URL, text) cannot be read or analysed."""


class UnsupportedFormatError(InputError):
    """The file type is not one we read."""


class InputTooLargeError(InputError):
    """The input exceeds a documented size limit."""


class EmptyInputError(InputError):
    """The input holds no readable text."""


class UnsupportedLanguageError(InputError):
    """The text is not in a language the models support."""


class UnsafeURLError(InputError):
    """A URL was refused (scheme, address, size, time or content type)."""


class ConfigError(StatementLensError):
    """A setting or taxonomy file is invalid."""


class ModelError(StatementLensError):
    """A model could not be found, loaded or run."""


class ModelNotFoundError(ModelError):
    """A registered backend name or a checkpoint does not exist."""


class StoreError(StatementLensError):
    """The analysis store cannot be opened, read or written."""
