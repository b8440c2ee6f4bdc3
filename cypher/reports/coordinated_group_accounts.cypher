// purpose: accounts in a coordinated group (or in every group of the latest coordination analysis), with their ties
// title: Tài khoản trong nhóm hoạt động phối hợp
// params: group_id, limit
// mode: read
// roles: investigator, inspector, police_liaison
// param group_id: str [] — mã nhóm (CoordinationGroup.id); để trống: mọi nhóm, nhóm lớn trước
// param limit: int [500] — số dòng tối đa
// columns: group_id, group_size, by, account_id, name, platform, followers, created_at, ties, tie_weight
MATCH (a:Account)-[:IN_GROUP]->(g:CoordinationGroup)
WHERE $group_id = '' OR g.id = $group_id
OPTIONAL MATCH (a)-[c:COORDINATES_WITH]-(b:Account)-[:IN_GROUP]->(g)
WITH g, a, count(DISTINCT b) AS ties, sum(coalesce(c.weight, 0)) AS tie_weight
RETURN g.id AS group_id, coalesce(g.size, 0) AS group_size, g.by AS by, a.id AS account_id,
       coalesce(a.name, a.handle, a.id) AS name, a.platform AS platform, coalesce(a.followers, 0) AS followers,
       a.created_at AS created_at, ties, tie_weight
ORDER BY group_size DESC, group_id, ties DESC, account_id
LIMIT $limit
