// purpose: one month at a glance, source by source: items, negative items and stories each outlet or platform took part in
// title: Tổng hợp tháng theo nguồn
// params: month, limit
// mode: read
// param month: month [this_month] — tháng, dạng YYYY-MM
// param limit: int [100] — số nguồn tối đa
// columns: source, source_kind, items, negative, negative_share, stories
// chart: bar label=source value=items
WITH datetime({year: toInteger(split($month, '-')[0]), month: toInteger(split($month, '-')[1]), day: 1,
               timezone: 'Asia/Ho_Chi_Minh'}) AS lo
WITH lo, lo + duration('P1M') AS hi
CALL (lo, hi) {
  MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet)
  WHERE coalesce(a.published_at, a.detected_at) >= lo AND coalesce(a.published_at, a.detected_at) < hi
  RETURN coalesce(o.name, o.id) AS source, 'báo/trang tin' AS source_kind, a AS item
  UNION ALL
  MATCH (p:Post)
  WHERE p.created_at >= lo AND p.created_at < hi
  RETURN coalesce(p.platform, 'khác') AS source, 'mạng xã hội' AS source_kind, p AS item
}
OPTIONAL MATCH (item)-[:PART_OF]->(s:Story)
WITH source, source_kind, count(DISTINCT item) AS items,
     count(DISTINCT CASE WHEN item.sentiment = 'negative' THEN item END) AS negative,
     count(DISTINCT s) AS stories
RETURN source, source_kind, items, negative,
       round(toFloat(negative) / items, 3) AS negative_share, stories
ORDER BY items DESC, source
LIMIT $limit
