// purpose: record an inspector's handling decision on a story (confirm or override the recommendation) and
//          set the story's handling and verdict from it
// params: rows
// mode: write
// row_keys: id, story_id, decided, decided_by, decided_at
// row: {id, story_id, recommended, decided, override, verdict, decided_by, decided_at, note}
UNWIND $rows AS row
MATCH (s:Story {id: row.story_id})
MERGE (d:Decision {id: row.id})
SET d.recommended = row.recommended, d.decided = row.decided, d.override = row.override, d.verdict = row.verdict,
    d.decided_by = row.decided_by, d.decided_at = datetime(row.decided_at), d.note = row.note
MERGE (d)-[:ON]->(s)
SET s.handling = row.decided, s.handling_decided_by = row.decided_by,
    s.handling_decided_at = datetime(row.decided_at),
    s.verdict = coalesce(row.verdict, s.verdict)
