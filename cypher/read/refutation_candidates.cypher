// purpose: items in a time window from sources whose denial may count as a refutation (accounts of an official
//          kind or tied by the registry to an outlet, an organisation or a spokesperson; every article), with what
//          common/sources.py needs to class them, and the stories they belong to or began
// params: since, until, official_kinds
// mode: read
CALL () {
  MATCH (acc:Account)-[:POSTED]->(p:Post)
  WHERE p.created_at > datetime($since) AND p.created_at <= datetime($until) AND size(coalesce(p.text, '')) >= 12
    AND (acc.kind IN $official_kinds OR EXISTS { (acc)-[:OWNED_BY]->() })
  OPTIONAL MATCH (acc)-[:OWNED_BY]->(owner)
  WITH p, acc, head(collect(owner)) AS owner
  RETURN p AS x, p.text AS text, p.created_at AS at, acc.kind AS kind,
         CASE WHEN owner IS NULL THEN null ELSE head(labels(owner)) END AS owner_label, owner.kind AS owner_kind,
         'post' AS item_kind, coalesce(acc.name, acc.handle, '') AS source_name
  UNION ALL
  MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet)
  WHERE a.published_at > datetime($since) AND a.published_at <= datetime($until)
  RETURN a AS x, coalesce(a.title, '') + '. ' + coalesce(a.lead, '') AS text, a.published_at AS at, null AS kind,
         'Outlet' AS owner_label, o.kind AS owner_kind, 'article' AS item_kind, coalesce(o.name, o.id) AS source_name
}
OPTIONAL MATCH (x)-[:PART_OF]->(s:Story)
WITH x, text, at, kind, owner_label, owner_kind, item_kind, source_name, collect(s) AS stories
RETURN x.id AS id, item_kind, text, toString(at) AS at, kind, owner_label, owner_kind, source_name,
       [s IN stories | s.id] AS story_ids,
       [s IN stories WHERE s.id = 'story:' + x.id OR s.origin_post_id = x.id OR s.origin_article_id = x.id | s.id]
         AS first_of
ORDER BY at, id
