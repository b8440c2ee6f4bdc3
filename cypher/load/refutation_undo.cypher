// purpose: an inspector undoes a REFUTES link: it stays, marked rejected with who and when, so that the warning pass
//          does not propose it again and every read ignores it
// params: story_id, item_id, by, at
// mode: write
MATCH (item)-[r:REFUTES]->(s:Story {id: $story_id})
WHERE item.id = $item_id AND (item:Post OR item:Article)
SET r.status = 'rejected', r.rejected_by = $by, r.rejected_at = datetime($at)
RETURN count(r) AS undone
