// purpose: upsert early-warning alerts; ON the story they concern, ABOUT the place/topic/entity/outlet of a scope
// params: rows
// mode: write
// row_keys: id, kind, level
// row: {id, created_at, level, kind, title, reasons: [str], status, scope, score, story_id, subject_id,
//       subject_label, stage, run_id}
UNWIND $rows AS row
MERGE (al:Alert {id: row.id})
  ON CREATE SET al.created_at = datetime(row.created_at), al.status = coalesce(row.status, 'open')
SET al.level = row.level, al.kind = row.kind, al.title = row.title, al.reasons = row.reasons, al.scope = row.scope,
    al.score = row.score, al.subject_id = row.subject_id, al.subject_label = row.subject_label, al.stage = row.stage,
    al.run_id = row.run_id
WITH al, row
CALL (al, row) {
  MATCH (s:Story {id: row.story_id})
  MERGE (al)-[:ON]->(s)
}
CALL (al, row) {
  OPTIONAL MATCH (p:Place {id: row.subject_id})
  OPTIONAL MATCH (t:Topic {id: row.subject_id})
  OPTIONAL MATCH (o:Outlet {id: row.subject_id})
  OPTIONAL MATCH (org:Organization {id: row.subject_id})
  OPTIONAL MATCH (pe:Person {id: row.subject_id})
  WITH al, coalesce(p, t, o, org, pe) AS x
  WHERE x IS NOT NULL
  MERGE (al)-[:ABOUT]->(x)
}
