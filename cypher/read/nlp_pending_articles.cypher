// purpose: articles not yet annotated by this NLP version (oldest detection first)
// params: version, limit
// mode: read
MATCH (a:Article)
WHERE a.nlp_version IS NULL OR a.nlp_version <> $version
RETURN a.id AS id, a.title AS title, a.lead AS lead, a.text AS text
ORDER BY a.detected_at
LIMIT $limit
