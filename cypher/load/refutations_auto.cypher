// purpose: propose REFUTES links found by the warning pass (casework/refutation.py), with their evidence; a link an
//          inspector confirmed keeps its confirmation, one an inspector undid stays undone (status 'rejected')
// params: rows
// mode: write
// row_keys: story_id, item_id, linked_at
// row: {story_id, item_id, cue, cue_strength, snippet, score, shared_terms: [str], runner_up, source_class,
//       reasons: [str], linked_at}
UNWIND $rows AS row
MATCH (s:Story {id: row.story_id})
CALL (row) {
  OPTIONAL MATCH (p:Post {id: row.item_id})
  OPTIONAL MATCH (a:Article {id: row.item_id})
  RETURN coalesce(p, a) AS item
}
WITH s, item, row WHERE item IS NOT NULL
MERGE (item)-[r:REFUTES]->(s)
  ON CREATE SET r.linked_by = 'lantoa', r.linked_at = datetime(row.linked_at), r.method = 'auto',
                r.status = 'proposed'
SET r.cue = row.cue, r.cue_strength = row.cue_strength, r.snippet = row.snippet, r.score = row.score,
    r.shared_terms = row.shared_terms, r.runner_up = row.runner_up, r.source_class = row.source_class,
    r.reasons = row.reasons
RETURN count(r) AS links
