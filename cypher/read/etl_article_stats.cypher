// purpose: counts of what the crawler loaded (articles, stubs, captures, copies, links, journalists, outlets, feeds)
// params: none
// mode: read
MATCH (a:Article)
WITH count(CASE WHEN coalesce(a.stub, false) = false THEN 1 END) AS articles,
     count(CASE WHEN a.stub = true THEN 1 END) AS stubs,
     count(DISTINCT CASE WHEN coalesce(a.stub, false) = false THEN a.url END) AS distinct_urls,
     count(CASE WHEN a.concerns_province = true THEN 1 END) AS province_articles
CALL () { MATCH (:Article)-[:CAPTURED_AS]->(c:Capture) RETURN count(c) AS captures }
CALL () { MATCH (:Article)-[r:COPIES]->(:Article) RETURN count(r) AS copies }
CALL () { MATCH (:Article)-[r:LINKS_TO]->(:Article) RETURN count(r) AS links }
CALL () { MATCH (j:Journalist)-[:WROTE]->(:Article) RETURN count(DISTINCT j) AS journalists }
CALL () { MATCH (o:Outlet) RETURN count(o) AS outlets }
CALL () { MATCH (f:Feed) RETURN count(f) AS feeds }
RETURN articles, stubs, distinct_urls, province_articles, captures, copies, links, journalists, outlets, feeds
