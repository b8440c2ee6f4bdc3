// purpose: the accounts that spread one story the most: posts in the story, engagement, followers, first post time
// title: Tài khoản khuếch đại mạnh nhất của một câu chuyện
// params: story_id, limit
// mode: read
// roles: investigator, inspector, police_liaison
// param story_id: str — mã câu chuyện (Story.id)
// param limit: int [50] — số tài khoản tối đa
// columns: account_id, name, platform, followers, posts, engagement, first_post_at, is_origin
// chart: bar label=account_id value=posts
MATCH (s:Story {id: $story_id})<-[:PART_OF]-(p:Post)<-[:POSTED]-(a:Account)
WITH s, a, count(p) AS posts,
     sum(coalesce(p.likes, 0) + coalesce(p.shares, 0) + coalesce(p.comments, 0)) AS engagement,
     min(p.created_at) AS first_post_at
RETURN a.id AS account_id, coalesce(a.name, a.handle, a.id) AS name, a.platform AS platform,
       coalesce(a.followers, 0) AS followers, posts, engagement, first_post_at,
       coalesce(s.origin_account = a.id, false) AS is_origin
ORDER BY posts DESC, engagement DESC, followers DESC, account_id
LIMIT $limit
