// purpose: articles not yet annotated by this NLP version, or without a text fingerprint (oldest detection first)
// params: version, limit
// mode: read
MATCH (a:Article)
WHERE a.nlp_version IS NULL OR a.nlp_version <> $version OR a.fingerprint IS NULL
RETURN a.id AS id, a.title AS title, a.lead AS lead, a.text AS text, a.fingerprint AS fingerprint
ORDER BY a.detected_at
LIMIT $limit
