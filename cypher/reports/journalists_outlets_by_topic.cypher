// purpose: journalists and outlets that covered a topic since a date: articles, negative articles, last article
// title: Nhà báo và cơ quan báo chí đưa tin theo chủ đề
// params: topic, since, limit
// mode: read
// param topic: str — chủ đề (Topic.id hoặc nhãn trong Article.topics)
// param since: date [today-90] — từ ngày
// param limit: int [200] — số dòng tối đa
// columns: outlet_id, outlet, outlet_level, journalist_id, journalist, resident, articles, negative, last_at
// chart: bar label=outlet value=articles
WITH datetime({date: $since, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
MATCH (a:Article)-[:PUBLISHED_BY]->(o:Outlet)
WHERE coalesce(a.published_at, a.detected_at) >= lo
  AND ($topic IN coalesce(a.topics, []) OR EXISTS { (a)-[:ABOUT]->(:Topic {id: $topic}) })
OPTIONAL MATCH (j:Journalist)-[:WROTE]->(a)
OPTIONAL MATCH (j)-[w:WORKS_FOR]->(o)
WITH o, j, count(DISTINCT a) AS articles,
     count(DISTINCT CASE WHEN a.sentiment = 'negative' THEN a END) AS negative,
     max(coalesce(a.published_at, a.detected_at)) AS last_at,
     coalesce(max(w.resident), max(j.resident), false) AS resident
RETURN o.id AS outlet_id, coalesce(o.name, o.id) AS outlet, o.level AS outlet_level, j.id AS journalist_id,
       j.name AS journalist, resident, articles, negative, last_at
ORDER BY articles DESC, outlet_id, journalist_id
LIMIT $limit
