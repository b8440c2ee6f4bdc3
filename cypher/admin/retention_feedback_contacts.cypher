// purpose: erase citizens' contact details (FeedbackContact) of feedback received before $cutoff; the feedback stays
// params: cutoff, limit
// mode: write
MATCH (f:Feedback)-[:HAS_CONTACT]->(c:FeedbackContact)
WHERE f.received_at < datetime($cutoff)
WITH f, c LIMIT $limit
SET f.contact_erased_at = datetime()
DETACH DELETE c
RETURN count(*) AS deleted
