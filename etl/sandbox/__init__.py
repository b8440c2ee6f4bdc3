"""The sandbox web: a generated, served mini-internet of the province's press and social media.

``generate(out_dir, *, seed, size) -> WorldManifest`` writes a world (see FORMAT.md);
``etl.sandbox.server.serve_in_thread(world_dir, port=0, speed=None, start=None)`` serves it."""

from .generate import WorldManifest, generate

__all__ = ["WorldManifest", "generate"]
