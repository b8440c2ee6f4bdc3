// purpose: an inspector links an article or post that refutes a story (REFUTES), or confirms a proposed link;
//          who and when are kept, an earlier undo is lifted. Idempotent: a link already confirmed is left as it
//          is (a retried confirmation writes nothing and keeps the first confirmation's who and when)
// params: rows
// mode: write
// row_keys: story_id, item_id, linked_by, linked_at
// row: {story_id, item_id, linked_by, linked_at}
UNWIND $rows AS row
MATCH (s:Story {id: row.story_id})
CALL (row) {
  OPTIONAL MATCH (p:Post {id: row.item_id})
  OPTIONAL MATCH (a:Article {id: row.item_id})
  RETURN coalesce(p, a) AS item
}
WITH s, item, row WHERE item IS NOT NULL
MERGE (item)-[r:REFUTES]->(s)
  ON CREATE SET r.linked_by = row.linked_by, r.linked_at = datetime(row.linked_at), r.method = 'manual'
WITH r, row, coalesce(r.status, '') = 'confirmed' AS already
FOREACH (_ IN CASE WHEN already THEN [] ELSE [1] END |
  SET r.status = 'confirmed', r.confirmed_by = row.linked_by, r.confirmed_at = datetime(row.linked_at),
      r.rejected_by = null, r.rejected_at = null)
RETURN count(r) AS links, sum(CASE WHEN already THEN 0 ELSE 1 END) AS changed
