"""Exception tree of the NLP layer (nlp/ imports none of our other packages, so it has its own root).

::

    NlpError                      root: catch this to catch everything raised by nlp/
    ├── ConfigError               settings point at something unusable (missing directory, bad value)
    ├── DataError                 a data file (gazetteer, eval data, nlp/data/*) is missing or malformed
    ├── ModelError                a trained artefact is missing, unreadable or incompatible
    └── InputError                an input record is unusable (not a dict, no text, bad JSON line)
"""

from __future__ import annotations


class NlpError(Exception):
    """Root of every error raised by nlp/."""


class ConfigError(NlpError):
    """Settings point at something unusable."""


class DataError(NlpError):
    """A data file is missing or malformed."""


class ModelError(NlpError):
    """A trained model is missing, unreadable or incompatible."""


class InputError(NlpError):
    """An input record cannot be annotated."""
