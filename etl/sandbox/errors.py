"""Errors raised by the sandbox web."""

from __future__ import annotations


class SandboxError(Exception):
    """Root of the sandbox errors."""


class GazetteerMissing(SandboxError):
    """The gazetteer directory or one of its files cannot be read."""


class WorldInvalid(SandboxError):
    """A world directory is missing files or has an unexpected format."""


class SizeInvalid(SandboxError):
    """An unknown size preset or a non-positive count."""
