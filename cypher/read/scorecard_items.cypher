// purpose: chain scorecard: every stored (non-stub) article and post with the ids of the stories it is PART_OF
// params: none
// mode: read
CALL () {
  MATCH (a:Article) WHERE NOT coalesce(a.stub, false)
  RETURN a AS i, 'article' AS kind
  UNION ALL
  MATCH (p:Post) WHERE NOT coalesce(p.stub, false)
  RETURN p AS i, 'post' AS kind
}
OPTIONAL MATCH (i)-[:PART_OF]->(s:Story)
RETURN i.id AS id, kind, collect(s.id) AS stories
ORDER BY id
