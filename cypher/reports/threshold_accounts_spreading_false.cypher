// purpose: accounts at or above a follower threshold that posted in stories judged false or unverified, since a date
// title: Tài khoản lớn lan truyền tin sai sự thật
// params: min_followers, since, limit
// mode: read
// roles: investigator, inspector, police_liaison
// param min_followers: int [100000] — số người theo dõi tối thiểu
// param since: date [today-90] — từ ngày
// param limit: int [200] — số dòng tối đa
// columns: account_id, name, platform, followers, false_stories, posts, first_post_at, stories
// chart: bar label=account_id value=posts
WITH datetime({date: $since, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
MATCH (a:Account)-[:POSTED]->(p:Post)-[:PART_OF]->(s:Story)
WHERE coalesce(a.followers, 0) >= $min_followers
  AND p.created_at >= lo
  AND (s.verdict IN ['false', 'unverified'] OR s.handling = 'refute')
WITH a, count(DISTINCT s) AS false_stories, count(DISTINCT p) AS posts, min(p.created_at) AS first_post_at,
     collect(DISTINCT coalesce(s.title, s.id))[..5] AS stories
RETURN a.id AS account_id, coalesce(a.name, a.handle, a.id) AS name, a.platform AS platform,
       a.followers AS followers, false_stories, posts, first_post_at, stories
ORDER BY false_stories DESC, followers DESC, account_id
LIMIT $limit
