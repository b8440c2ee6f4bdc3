// purpose: link an article or post that refutes a story (REFUTES), with who linked it and when
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
SET r.linked_by = row.linked_by, r.linked_at = datetime(row.linked_at)
