"""The project's exception tree. Every error we raise on purpose derives from :class:`LantoaError`.

::

    LantoaError
    ├── ConfigError              settings are missing or contradictory
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
    └── EvidenceError            the evidence store cannot write or verify a capture
        └── EvidenceTamperedError

``nlp`` does not import ``graph`` (dependencies point one way); its own errors derive from
``nlp.errors.NlpError`` (a ``ValueError``), which the API maps alongside this tree.
"""

from __future__ import annotations


class LantoaError(Exception):
    """Root of every error the project raises on purpose."""


class ConfigError(LantoaError):
    pass


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
