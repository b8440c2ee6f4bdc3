// purpose: what was published about the province on one day (Vietnam time), grouped by story, most serious first
// title: Bản tin hằng ngày
// params: day, province_only, limit
// mode: read
// param day: date [today] — ngày cần tổng hợp (giờ Việt Nam)
// param province_only: bool [true] — chỉ tin bài liên quan đến tỉnh
// param limit: int [200] — số dòng tối đa
// columns: story_id, title, items, articles, posts, negative, first_at, crisis_level, handling
// chart: bar label=title value=items
WITH datetime({date: $day, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
WITH lo, lo + duration('P1D') AS hi
CALL (lo, hi) {
  MATCH (a:Article)
  WHERE coalesce(a.published_at, a.detected_at) >= lo AND coalesce(a.published_at, a.detected_at) < hi
    AND (NOT $province_only OR coalesce(a.concerns_province, false))
  RETURN a AS item, 'article' AS kind, coalesce(a.published_at, a.detected_at) AS at
  UNION ALL
  MATCH (p:Post)
  WHERE p.created_at >= lo AND p.created_at < hi
  RETURN p AS item, 'post' AS kind, p.created_at AS at
}
OPTIONAL MATCH (item)-[:PART_OF]->(s:Story)
WITH s, item, kind, at
WHERE s IS NOT NULL OR kind = 'article'
WITH coalesce(s.id, item.id) AS key, s, collect({kind: kind, at: at, item: item}) AS its
WITH key, s, its,
     [x IN its WHERE x.kind = 'article'] AS arts,
     [x IN its WHERE x.item.sentiment = 'negative'] AS negs
RETURN s.id AS story_id,
       coalesce(s.title, head(its).item.title, '') AS title,
       size(its) AS items,
       size(arts) AS articles,
       size(its) - size(arts) AS posts,
       size(negs) AS negative,
       reduce(m = null, x IN its | CASE WHEN m IS NULL OR x.at < m THEN x.at ELSE m END) AS first_at,
       coalesce(s.crisis_level, 0) AS crisis_level,
       s.handling AS handling
ORDER BY crisis_level DESC, negative DESC, items DESC, title
LIMIT $limit
