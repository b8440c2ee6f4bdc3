// purpose: items of a story (PART_OF) and their reconstructed parents (CASCADE_PARENT) from one cascades run
// params: rows
// mode: write
// row_keys: item_id, story_id, run
UNWIND $rows AS row
MATCH (s:Story {id: row.story_id})
CALL (row) {
  OPTIONAL MATCH (p:Post {id: row.item_id})
  OPTIONAL MATCH (a:Article {id: row.item_id})
  RETURN coalesce(p, a) AS item
}
WITH s, item, row WHERE item IS NOT NULL
MERGE (item)-[po:PART_OF]->(s)
SET po.run = row.run
WITH item, row WHERE row.parent_id IS NOT NULL
CALL (row) {
  OPTIONAL MATCH (pp:Post {id: row.parent_id})
  OPTIONAL MATCH (pa:Article {id: row.parent_id})
  RETURN coalesce(pp, pa) AS parent
}
WITH item, parent, row WHERE parent IS NOT NULL
MERGE (item)-[cp:CASCADE_PARENT]->(parent)
SET cp.how = row.how, cp.confidence = row.confidence, cp.run = row.run
