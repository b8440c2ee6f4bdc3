// purpose: what the investigator's map can centre on: accounts (name, handle), outlets, persons (name, aliases) and places (name, former names) whose text contains the query
// params: q, limit
// mode: read
CALL {
  MATCH (a:Account)
  WHERE toLower(coalesce(a.name, '')) CONTAINS toLower($q) OR toLower(coalesce(a.handle, '')) CONTAINS toLower($q)
  RETURN 'account' AS kind, a.id AS id, a.name AS name, a.handle AS handle, a.platform AS platform, a.kind AS account_kind,
         a.followers AS followers, a.pagerank AS pagerank, a.community_id AS community_id,
         EXISTS { (a)-[:OWNED_BY]->(:Outlet) } AS owned_by_outlet, coalesce(a.pagerank, 0.0) AS score
  UNION ALL
  MATCH (o:Outlet)
  WHERE toLower(coalesce(o.name, '')) CONTAINS toLower($q) OR toLower(o.id) CONTAINS toLower($q)
  RETURN 'outlet' AS kind, o.id AS id, o.name AS name, null AS handle, null AS platform, null AS account_kind,
         null AS followers, null AS pagerank, null AS community_id, true AS owned_by_outlet, 1.0 AS score
  UNION ALL
  MATCH (n:Person)
  WHERE toLower(coalesce(n.name, '')) CONTAINS toLower($q) OR toLower(coalesce(n.aliases_text, '')) CONTAINS toLower($q)
  RETURN 'person' AS kind, n.id AS id, n.name AS name, null AS handle, null AS platform, null AS account_kind,
         null AS followers, null AS pagerank, null AS community_id, true AS owned_by_outlet,
         toFloat(COUNT { (n)<-[:MENTIONS]-(:Post) }) AS score
  UNION ALL
  MATCH (p:Place)
  WHERE toLower(coalesce(p.aliases_text, p.name, '')) CONTAINS toLower($q) OR toLower(coalesce(p.name, '')) CONTAINS toLower($q)
  RETURN 'place' AS kind, p.id AS id, p.name AS name, null AS handle, null AS platform, null AS account_kind,
         null AS followers, null AS pagerank, null AS community_id, true AS owned_by_outlet, 1.0 AS score
}
RETURN kind, id, name, handle, platform, account_kind, followers, pagerank, community_id, owned_by_outlet
ORDER BY CASE kind WHEN 'outlet' THEN 0 WHEN 'person' THEN 1 WHEN 'place' THEN 2 ELSE 3 END, score DESC, id
LIMIT $limit
