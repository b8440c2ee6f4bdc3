// purpose: an inspector undoes a REFUTES link: it stays, marked rejected with who and when, so that the warning pass
//          does not propose it again and every read ignores it. Idempotent: a link already rejected is left as it
//          is (a retried undo keeps the first undo's who and when)
// params: story_id, item_id, by, at
// mode: write
MATCH (item)-[r:REFUTES]->(s:Story {id: $story_id})
WHERE item.id = $item_id AND (item:Post OR item:Article)
WITH r, coalesce(r.status, '') = 'rejected' AS already
FOREACH (_ IN CASE WHEN already THEN [] ELSE [1] END |
  SET r.status = 'rejected', r.rejected_by = $by, r.rejected_at = datetime($at))
RETURN count(r) AS undone, sum(CASE WHEN already THEN 0 ELSE 1 END) AS changed
