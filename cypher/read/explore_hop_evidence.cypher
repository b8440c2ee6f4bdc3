// purpose: the evidence behind one amplification hop: posts of the amplifier that share or reply to items of the amplified account (optionally in one story)
// params: source, target, story_id, limit
// mode: read
MATCH (s:Account {id: $source})-[:POSTED]->(p:Post)-[r:SHARES|REPLIES_TO]->(q)<-[:POSTED]-(t:Account {id: $target})
WHERE $story_id IS NULL OR EXISTS { (p)-[:PART_OF]->(:Story {id: $story_id}) }
RETURN p.id AS post_id, p.url AS url, toString(p.created_at) AS created_at, type(r) AS how, q.id AS parent_id,
       left(coalesce(p.text, ''), 200) AS text
ORDER BY created_at, post_id
LIMIT $limit
