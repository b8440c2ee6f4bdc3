// purpose: social posts not yet annotated by this NLP version (stubs without text are skipped)
// params: version, limit
// mode: read
MATCH (p:Post)
WHERE (p.nlp_version IS NULL OR p.nlp_version <> $version) AND coalesce(p.stub, false) = false
RETURN p.id AS id, p.text AS text
ORDER BY p.created_at
LIMIT $limit
