"""Graph analytics as pure, networkx-style functions over plain data (edge lists, arrays, event dicts).

Nothing here touches the database: the graph layer projects data out of Neo4j, calls these
functions and writes the plain results back tagged with an ``AnalysisRun``.

Modules: ``edges`` (edge arrays), ``communities``, ``describe``, ``influence``, ``events`` (event
records, filtering), ``lsh`` (comparing stored text fingerprints), ``cascades`` (trees and metrics), ``origins``,
``amplifiers``, ``coordination``, ``propagation`` (whole-corpus cascade analysis), ``evaluation``,
``synthetic`` (generated cascades with ground truth), ``io`` (offline TSV / JSONL formats).
"""
