// purpose: for the province map, each commune/ward unit since a time: the items (articles, posts) mentioning a
//          place it watches (its own, its former communes, its parts), how many of them are negative, and the
//          highest level of the alerts routed to it
// params: since
// mode: read
MATCH (u:Unit {kind: 'commune'})
CALL (u) {
  OPTIONAL MATCH (u)-[:WATCHES]->(:Place)<-[:MENTIONS]-(i)
  WHERE (i:Article OR i:Post) AND coalesce(i.created_at, i.published_at, i.detected_at) >= datetime($since)
  WITH DISTINCT i
  RETURN count(i) AS items,
         count(CASE WHEN i.sentiment = 'negative' OR coalesce(i.sentiment_score, 0) < 0 THEN 1 END) AS negative
}
CALL (u) {
  OPTIONAL MATCH (al:Alert)-[r:ROUTED_TO]->(u)
  WHERE r.routed_at >= datetime($since)
  RETURN max(coalesce(al.level, 0)) AS alert_level, count(al) AS alerts
}
RETURN u.id AS id, u.name AS name, u.place_id AS place_id, items, negative, coalesce(alert_level, 0) AS alert_level,
       alerts
ORDER BY id
