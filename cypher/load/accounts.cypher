// purpose: upsert social accounts with their platform, follower count and monitoring scope; OWNED_BY outlet
// params: rows
// mode: write
// row_keys: id, platform
// row: {id: platform:handle, platform, handle, name, followers, kind, verified, created_at, observed_at,
//       in_scope, outlet}
UNWIND $rows AS row
MERGE (pl:Platform {id: row.platform})
MERGE (a:Account {id: row.id})
WITH a, pl, row,
     CASE WHEN row.observed_at IS NULL THEN null ELSE datetime(row.observed_at) END AS obs
WITH a, pl, row, obs,
     (a.observed_at IS NULL OR obs IS NULL OR obs >= a.observed_at) AS newer
SET a.platform = row.platform,
    a.handle = row.handle,
    a.name = coalesce(row.name, a.name),
    a.kind = coalesce(row.kind, a.kind),
    a.verified = coalesce(row.verified, a.verified),
    a.created_at = coalesce(CASE WHEN row.created_at IS NULL THEN null ELSE datetime(row.created_at) END, a.created_at),
    a.followers = CASE WHEN newer AND row.followers IS NOT NULL THEN row.followers ELSE a.followers END,
    a.observed_at = CASE WHEN newer AND obs IS NOT NULL THEN obs ELSE a.observed_at END,
    a.in_scope = CASE WHEN newer AND row.in_scope IS NOT NULL THEN row.in_scope ELSE coalesce(a.in_scope, row.in_scope) END,
    a.stub = false
MERGE (a)-[:ON_PLATFORM]->(pl)
FOREACH (host IN CASE WHEN row.outlet IS NULL THEN [] ELSE [row.outlet] END |
  MERGE (o:Outlet {id: host})
    ON CREATE SET o.name = host
  MERGE (a)-[:OWNED_BY]->(o))
