// purpose: day-by-day volume of articles and posts, negative items and new stories over the 7 days ending on a day
// title: Tổng hợp tuần
// params: end
// mode: read
// param end: date [today] — ngày cuối của tuần (giờ Việt Nam)
// columns: day, articles, posts, negative, new_stories, alerts
// chart: line label=day value=articles,posts,negative
UNWIND range(6, 0, -1) AS back
WITH $end - duration({days: back}) AS day
WITH day, datetime({date: day, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
WITH day, lo, lo + duration('P1D') AS hi
CALL (lo, hi) {
  OPTIONAL MATCH (a:Article)
  WHERE coalesce(a.published_at, a.detected_at) >= lo AND coalesce(a.published_at, a.detected_at) < hi
  RETURN count(a) AS articles, count(CASE WHEN a.sentiment = 'negative' THEN 1 END) AS neg_a
}
CALL (lo, hi) {
  OPTIONAL MATCH (p:Post)
  WHERE p.created_at >= lo AND p.created_at < hi
  RETURN count(p) AS posts, count(CASE WHEN p.sentiment = 'negative' THEN 1 END) AS neg_p
}
CALL (lo, hi) {
  OPTIONAL MATCH (s:Story) WHERE s.first_seen_at >= lo AND s.first_seen_at < hi
  RETURN count(s) AS new_stories
}
CALL (lo, hi) {
  OPTIONAL MATCH (al:Alert) WHERE al.created_at >= lo AND al.created_at < hi
  RETURN count(al) AS alerts
}
RETURN toString(day) AS day, articles, posts, neg_a + neg_p AS negative, new_stories, alerts
ORDER BY day
