// purpose: delete (at most $limit) evidence captures (Capture nodes) made before $cutoff, unless a Case still holds
//          them: its evidence (HAS_EVIDENCE or its evidence_sha256 list) or the capture of an item it concerns;
//          an article whose evidence this was loses its evidence_sha256 (evidence_expired_at says when);
//          attachments of outlets' reports (OutletReport HAS_EVIDENCE) are records the department keeps: never deleted
// params: cutoff, limit
// mode: write
// note: the files (blob and capture record) go afterwards, once no Capture or hold needs their SHA-256
//       (operations/retention.py sweeps the store)
MATCH (cap:Capture)
WHERE cap.captured_at < datetime($cutoff)
  AND NOT EXISTS {
    MATCH (c:Case)-[:HAS_EVIDENCE]->(cap) WHERE c.closed_at IS NULL OR c.closed_at >= datetime($cutoff)
  }
  AND NOT EXISTS {
    MATCH (c:Case) WHERE cap.sha256 IN coalesce(c.evidence_sha256, [])
      AND (c.closed_at IS NULL OR c.closed_at >= datetime($cutoff))
  }
  AND NOT EXISTS { MATCH (:OutletReport)-[:HAS_EVIDENCE]->(cap) }
  AND NOT EXISTS {
    MATCH (c:Case)-[:CONCERNS]->()-[:CAPTURED_AS]->(cap) WHERE c.closed_at IS NULL OR c.closed_at >= datetime($cutoff)
  }
WITH cap LIMIT $limit
WITH cap, cap.sha256 AS sha, [(a:Article)-[:CAPTURED_AS]->(cap) | a] AS articles
DETACH DELETE cap
WITH sha, articles
CALL (sha, articles) {
  UNWIND articles AS a
  WITH a WHERE a.evidence_sha256 = sha AND NOT EXISTS { MATCH (a)-[:CAPTURED_AS]->(:Capture {sha256: sha}) }
  SET a.evidence_sha256 = null, a.evidence_expired_at = datetime()
}
RETURN count(*) AS deleted
