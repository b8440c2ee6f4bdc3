// purpose: social posts not yet annotated by this NLP version, or without a text fingerprint (stubs without text
// are skipped)
// params: version, limit
// mode: read
MATCH (p:Post)
WHERE (p.nlp_version IS NULL OR p.nlp_version <> $version OR p.fingerprint IS NULL) AND coalesce(p.stub, false) = false
RETURN p.id AS id, p.text AS text, p.fingerprint AS fingerprint
ORDER BY p.created_at
LIMIT $limit
