// purpose: NLP results on articles: sentiment, topics, province relevance and MENTIONS of canonical entities
// params: rows
// mode: write
// row_keys: id, nlp_version
// row: {id, nlp_version, sentiment (label: negative|neutral|positive), sentiment_score (signed, in [-1, 1]),
//       topics, relevance, relevance_reasons, concerns_province, fingerprint (null keeps the stored one),
//       mentions: [{id, label: PER|LOC|ORG, name, count, current_id}]}
// (the legacy sentiment_label is removed: common/sentiment.py defines the two sentiment properties)
UNWIND $rows AS row
MATCH (x:Article {id: row.id})
SET x.sentiment = row.sentiment, x.sentiment_score = row.sentiment_score,
    x.topics = row.topics, x.relevance = row.relevance, x.relevance_reasons = row.relevance_reasons,
    x.concerns_province = row.concerns_province, x.fingerprint = coalesce(row.fingerprint, x.fingerprint),
    x.nlp_version = row.nlp_version, x.nlp_at = datetime()
REMOVE x.sentiment_label
WITH x, row
CALL (x) {
  MATCH (x)-[old:MENTIONS]->()
  DELETE old
}
CALL (x, row) {
  UNWIND [m IN row.mentions WHERE m.label = 'PER'] AS m
  MERGE (e:Person {id: m.id})
    ON CREATE SET e.name = m.name, e.aliases = [m.name], e.aliases_text = m.name
  MERGE (x)-[r:MENTIONS]->(e)
  SET r.count = m.count
}
CALL (x, row) {
  UNWIND [m IN row.mentions WHERE m.label = 'LOC'] AS m
  MERGE (e:Place {id: m.id})
    ON CREATE SET e.name = m.name, e.aliases = [m.name], e.aliases_text = m.name, e.level = 'other'
  MERGE (x)-[r:MENTIONS]->(e)
  SET r.count = m.count
}
CALL (x, row) {
  UNWIND [m IN row.mentions WHERE m.label = 'ORG'] AS m
  MERGE (e:Organization {id: m.id})
    ON CREATE SET e.name = m.name, e.aliases = [m.name], e.aliases_text = m.name
  MERGE (x)-[r:MENTIONS]->(e)
  SET r.count = m.count
}
