// purpose: upsert articles with their outlet and their authors (idempotent; rows from the crawler or an import)
// params: rows
// mode: write
// row_keys: id, url, outlet_id
// row: {id, url, title, lead, text, published_at, modified_at, detected_at, section, language, tags, content_hash,
//       evidence_sha256, fingerprint, relevance, relevance_reasons, concerns_province, outlet_id, outlet_name,
//       authors: [{id, name}], photographers: [str] ("Ảnh: …" credits, kept apart from the authors)}
// optional (crawler): source_tag, attributed_source, published_precision
UNWIND $rows AS row
MERGE (o:Outlet {id: row.outlet_id})
  ON CREATE SET o.name = coalesce(row.outlet_name, row.outlet_id)
MERGE (a:Article {id: row.id})
// a changed headline, lead or text is annotated again by the next NLP run (its annotations describe the old text)
WITH o, a, row, (coalesce(a.title, '') <> coalesce(row.title, '') OR coalesce(a.lead, '') <> coalesce(row.lead, '')
                 OR coalesce(a.text, '') <> coalesce(row.text, '')) AS changed
SET a.nlp_version = CASE WHEN changed THEN null ELSE a.nlp_version END,
    a.url = row.url,
    a.title = row.title,
    a.lead = row.lead,
    a.text = row.text,
    a.published_at = CASE WHEN row.published_at IS NULL THEN null ELSE datetime(row.published_at) END,
    a.modified_at = CASE WHEN row.modified_at IS NULL THEN null ELSE datetime(row.modified_at) END,
    a.detected_at = coalesce(a.detected_at,
                             CASE WHEN row.detected_at IS NULL THEN null ELSE datetime(row.detected_at) END),
    a.section = row.section,
    a.language = row.language,
    a.tags = coalesce(row.tags, []),
    a.content_hash = row.content_hash,
    a.fingerprint = row.fingerprint,
    a.evidence_sha256 = row.evidence_sha256,
    a.relevance = row.relevance,
    a.relevance_reasons = coalesce(row.relevance_reasons, []),
    a.concerns_province = row.concerns_province,
    a.photographers = coalesce(row.photographers, []),
    a.source_tag = row.source_tag,
    a.attributed_source = row.attributed_source,
    a.published_precision = row.published_precision,
    a.stub = false
MERGE (a)-[:PUBLISHED_BY]->(o)
WITH a, o, row
CALL (a, o, row) {
  UNWIND coalesce(row.authors, []) AS author
  MERGE (j:Journalist {id: author.id})
    ON CREATE SET j.name = author.name, j.aliases = [author.name]
  MERGE (j)-[:WROTE]->(a)
  MERGE (j)-[:WORKS_FOR]->(o)
}
