// purpose: upsert the feeds (rss, sitemap, section, channel) of outlets and link them with HAS_FEED
// params: rows
// mode: write
// row_keys: id, outlet_id
// row: {id: url, kind, outlet_id, revisit_minutes}
UNWIND $rows AS row
MERGE (o:Outlet {id: row.outlet_id})
  ON CREATE SET o.name = row.outlet_id
MERGE (f:Feed {id: row.id})
SET f.kind = row.kind, f.url = row.id, f.revisit_minutes = row.revisit_minutes
MERGE (o)-[:HAS_FEED]->(f)
