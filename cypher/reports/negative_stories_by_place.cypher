// purpose: stories whose items mention a place (or any place) and are mostly negative, since a date
// title: Tin tiêu cực theo địa bàn
// params: place_id, since, min_negative_share, limit
// mode: read
// param place_id: str [] — mã địa bàn (Place.id); để trống: mọi địa bàn
// param since: date [today-30] — từ ngày
// param min_negative_share: float [0.5] — tỷ lệ tin tiêu cực tối thiểu của câu chuyện
// param limit: int [200] — số dòng tối đa
// columns: place_id, place, story_id, title, items, negative, negative_share, first_seen_at, crisis_level
// chart: bar label=place value=negative
WITH datetime({date: $since, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
MATCH (pl:Place)<-[:MENTIONS]-(i)-[:PART_OF]->(s:Story)
WHERE ($place_id = '' OR pl.id = $place_id)
  AND coalesce(s.first_seen_at, s.last_seen_at, lo) >= lo
WITH pl, s, collect(DISTINCT i) AS its
WITH pl, s, size(its) AS items,
     size([x IN its WHERE x.sentiment = 'negative']) AS negative
WITH pl, s, items, negative, toFloat(negative) / items AS share
WHERE share >= $min_negative_share AND negative > 0
RETURN pl.id AS place_id, coalesce(pl.name, pl.id) AS place, s.id AS story_id, coalesce(s.title, '') AS title,
       items, negative, round(share, 3) AS negative_share, s.first_seen_at AS first_seen_at,
       coalesce(s.crisis_level, 0) AS crisis_level
ORDER BY crisis_level DESC, negative DESC, place, story_id
LIMIT $limit
