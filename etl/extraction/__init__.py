"""Article extraction from one HTML page: pure functions, no I/O.

Order of trust: JSON-LD ``NewsArticle`` → OpenGraph/meta → per-outlet selectors (YAML data) →
trafilatura as a general fallback. :func:`etl.extraction.article.extract_article` is the entry point.
"""
