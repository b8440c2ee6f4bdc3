"""The project's one exception tree. Every error we raise on purpose derives from :class:`LantoaError`.

This module imports nothing from the project, so every package (``nlp`` and ``graph`` included) may use it.

::

    LantoaError
    ├── ConfigError              settings are missing, mistyped or point at something unusable
    ├── ServerError              the local Neo4j server cannot be fetched, started or reached
    │   ├── JavaMissingError
    │   ├── MavenMissingError
    │   └── PortInUseError
    ├── DatabaseError            a query failed in the database (wraps neo4j.exceptions.*)
    │   └── DatabaseUnavailableError   the database went away (callers spool and retry)
    ├── CypherCatalogError       a named statement is unknown or its header is wrong
    ├── ValidationError          input rejected before it reaches the database (missing key, bad value)
    │   └── ReportParameterError
    ├── NotFoundError            a named thing (report, article, story) does not exist
    ├── PermissionDeniedError    the caller's role does not allow this
    ├── EvidenceError            the evidence store cannot write or verify a capture
    │   └── EvidenceTamperedError
    ├── DeliveryError            an alert could not be delivered to a unit (SMTP, webhook); retried later
    ├── NlpError                 raised by nlp/ (also a ValueError, as callers of text functions expect)
    │   ├── DataError            a data file (gazetteer, eval data, nlp/data/*) is missing or malformed
    │   ├── ModelError           a trained artefact is missing, unreadable or incompatible
    │   └── InputError           an input record cannot be annotated (not a dict, no text, bad JSON line)
    └── SandboxError             the sandbox web cannot build or serve a world
        ├── GazetteerMissing     the gazetteer directory or one of its files cannot be read
        ├── WorldInvalid         a world directory is missing files or has an unexpected format
        └── SizeInvalid          an unknown size preset or a non-positive count

Library errors are wrapped with ``raise … from e``; the API maps this tree to HTTP in ``api/errors.py``.
"""

from __future__ import annotations


class LantoaError(Exception):
    """Root of every error the project raises on purpose."""


class ConfigError(LantoaError):
    """Settings are missing, mistyped or point at something unusable."""


class ServerError(LantoaError):
    pass


class JavaMissingError(ServerError):
    pass


class MavenMissingError(ServerError):
    pass


class PortInUseError(ServerError):
    pass


class DatabaseError(LantoaError):
    pass


class DatabaseUnavailableError(DatabaseError):
    pass


class CypherCatalogError(LantoaError):
    pass


class ValidationError(LantoaError):
    pass


class ReportParameterError(ValidationError):
    pass


class NotFoundError(LantoaError):
    pass


class PermissionDeniedError(LantoaError):
    pass


class EvidenceError(LantoaError):
    pass


class EvidenceTamperedError(EvidenceError):
    pass


class DeliveryError(LantoaError):
    """An alert could not be delivered to a unit (SMTP refused or unreachable, webhook failed); retried later."""


class NlpError(LantoaError, ValueError):
    """Root of the errors raised by nlp/."""


class DataError(NlpError):
    """A data file is missing or malformed."""


class ModelError(NlpError):
    """A trained model is missing, unreadable or incompatible."""


class InputError(NlpError):
    """An input record cannot be annotated."""


class SandboxError(LantoaError):
    """Root of the sandbox web's errors."""


class GazetteerMissing(SandboxError):
    """The gazetteer directory or one of its files cannot be read."""


class WorldInvalid(SandboxError):
    """A world directory is missing files or has an unexpected format."""


class SizeInvalid(SandboxError):
    """An unknown size preset or a non-positive count."""
