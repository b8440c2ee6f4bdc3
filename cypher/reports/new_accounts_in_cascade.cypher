// purpose: accounts created shortly before they first posted in a story's cascade (a sign of throwaway or bought accounts)
// title: Tài khoản mới xuất hiện trong chuỗi lan truyền
// params: story_id, max_age_days, limit
// mode: read
// roles: investigator, inspector, police_liaison
// param story_id: str — mã câu chuyện (Story.id)
// param max_age_days: int [30] — tuổi tài khoản tối đa (ngày) khi đăng bài đầu tiên trong câu chuyện
// param limit: int [500] — số dòng tối đa
// columns: account_id, name, platform, followers, created_at, first_post_at, age_days, posts
// chart: bar label=account_id value=posts
MATCH (s:Story {id: $story_id})<-[:PART_OF]-(p:Post)<-[:POSTED]-(a:Account)
WHERE a.created_at IS NOT NULL
WITH a, min(p.created_at) AS first_post_at, count(p) AS posts
WITH a, first_post_at, posts, duration.inDays(a.created_at, first_post_at).days AS age_days
WHERE age_days <= $max_age_days
RETURN a.id AS account_id, coalesce(a.name, a.handle, a.id) AS name, a.platform AS platform,
       coalesce(a.followers, 0) AS followers, a.created_at AS created_at, first_post_at, age_days, posts
ORDER BY age_days, first_post_at, account_id
LIMIT $limit
