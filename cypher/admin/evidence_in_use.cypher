// purpose: which of $shas the graph still needs: a Capture left with that SHA-256, an article pointing at it, or a
//          Case holding it (its evidence list, or a capture of an item it concerns) that is open or closed after $cutoff
// params: shas, cutoff
// mode: read
UNWIND $shas AS sha
WITH sha
WHERE EXISTS { MATCH (:Capture {sha256: sha}) }
   OR EXISTS { MATCH (a:Article) WHERE a.evidence_sha256 = sha }
   OR EXISTS { MATCH (c:Case) WHERE sha IN coalesce(c.evidence_sha256, [])
                 AND (c.closed_at IS NULL OR c.closed_at >= datetime($cutoff)) }
RETURN collect(sha) AS in_use
