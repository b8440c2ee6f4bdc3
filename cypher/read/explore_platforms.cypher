// purpose: the platforms that have accounts on the map (for the map page's platform filter)
// params: none
// mode: read
MATCH (a:Account)
WHERE a.pagerank IS NOT NULL AND a.platform IS NOT NULL
RETURN a.platform AS platform, count(a) AS accounts
ORDER BY accounts DESC, platform
