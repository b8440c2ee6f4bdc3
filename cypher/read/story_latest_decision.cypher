// purpose: the latest handling decision on a story (a repeat of it by the same inspector is a retry)
// params: story_id
// mode: read
MATCH (d:Decision)-[:ON]->(:Story {id: $story_id})
RETURN d.id AS id, d.decided AS decided, d.verdict AS verdict, d.note AS note, d.decided_by AS decided_by
ORDER BY d.decided_at DESC, d.id DESC
LIMIT 1
