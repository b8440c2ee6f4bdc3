// purpose: the items linked as refuting a story (REFUTES), with their source, the evidence and who linked,
//          confirmed or undid each link; undone links included (status 'rejected') so the page can show them
// params: story_id
// mode: read
MATCH (item)-[r:REFUTES]->(s:Story {id: $story_id})
OPTIONAL MATCH (acc:Account)-[:POSTED]->(item)
OPTIONAL MATCH (item)-[:PUBLISHED_BY]->(o:Outlet)
RETURN item.id AS item_id, CASE WHEN item:Article THEN 'article' ELSE 'post' END AS item_kind,
       coalesce(item.title, item.text, '') AS text, item.url AS url,
       toString(coalesce(item.published_at, item.created_at)) AS published_at,
       coalesce(o.name, acc.name, acc.handle) AS source_name, coalesce(o.id, acc.id) AS source_id,
       coalesce(r.method, 'manual') AS method, coalesce(r.status, 'confirmed') AS status, r.cue AS cue,
       r.snippet AS snippet, r.score AS score, coalesce(r.shared_terms, []) AS shared_terms,
       coalesce(r.reasons, []) AS reasons, r.source_class AS source_class, r.linked_by AS linked_by,
       toString(r.linked_at) AS linked_at, r.confirmed_by AS confirmed_by, toString(r.confirmed_at) AS confirmed_at,
       r.rejected_by AS rejected_by, toString(r.rejected_at) AS rejected_at
ORDER BY coalesce(item.published_at, item.created_at), item_id
