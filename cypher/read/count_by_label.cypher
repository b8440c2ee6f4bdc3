// purpose: node counts of the graph model's labels, each from Neo4j's count store (constant time at any size)
// params: none
// mode: read
MATCH (n:Outlet) RETURN 'Outlet' AS label, count(n) AS count
UNION ALL
MATCH (n:Feed) RETURN 'Feed' AS label, count(n) AS count
UNION ALL
MATCH (n:Journalist) RETURN 'Journalist' AS label, count(n) AS count
UNION ALL
MATCH (n:Spokesperson) RETURN 'Spokesperson' AS label, count(n) AS count
UNION ALL
MATCH (n:Article) RETURN 'Article' AS label, count(n) AS count
UNION ALL
MATCH (n:Platform) RETURN 'Platform' AS label, count(n) AS count
UNION ALL
MATCH (n:Account) RETURN 'Account' AS label, count(n) AS count
UNION ALL
MATCH (n:Post) RETURN 'Post' AS label, count(n) AS count
UNION ALL
MATCH (n:Person) RETURN 'Person' AS label, count(n) AS count
UNION ALL
MATCH (n:Place) RETURN 'Place' AS label, count(n) AS count
UNION ALL
MATCH (n:Organization) RETURN 'Organization' AS label, count(n) AS count
UNION ALL
MATCH (n:Story) RETURN 'Story' AS label, count(n) AS count
UNION ALL
MATCH (n:Topic) RETURN 'Topic' AS label, count(n) AS count
UNION ALL
MATCH (n:Community) RETURN 'Community' AS label, count(n) AS count
UNION ALL
MATCH (n:AnalysisRun) RETURN 'AnalysisRun' AS label, count(n) AS count
UNION ALL
MATCH (n:Alert) RETURN 'Alert' AS label, count(n) AS count
UNION ALL
MATCH (n:Case) RETURN 'Case' AS label, count(n) AS count
UNION ALL
MATCH (n:Feedback) RETURN 'Feedback' AS label, count(n) AS count
UNION ALL
MATCH (n:Capture) RETURN 'Capture' AS label, count(n) AS count
UNION ALL
MATCH (n:User) RETURN 'User' AS label, count(n) AS count
UNION ALL
MATCH (n:CoordinationGroup) RETURN 'CoordinationGroup' AS label, count(n) AS count
UNION ALL
MATCH (n:Ranking) RETURN 'Ranking' AS label, count(n) AS count
