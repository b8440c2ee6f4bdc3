// purpose: ids of the crawled (non-stub) articles, for completeness checks against a source list
// params: none
// mode: read
MATCH (a:Article)
WHERE coalesce(a.stub, false) = false
RETURN a.id AS id, a.concerns_province AS concerns, a.evidence_sha256 AS sha256
