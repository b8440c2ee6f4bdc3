// purpose: upsert social posts and who posted them (POSTED); an account not seen yet becomes a stub
// (the platform is a property of the post; Account-[:ON_PLATFORM]->Platform links accounts)
// params: rows
// mode: write
// row_keys: id, account_id, platform
// row: {id: platform:post_id, platform, post_id, account_id, created_at, kind, text, url, links, shared_url,
//       likes, shares, comments, views, observed_at, time_missing, fingerprint (nlp.fingerprint of text; kept with it)}
UNWIND $rows AS row
MERGE (acc:Account {id: row.account_id})
  ON CREATE SET acc.platform = row.platform, acc.handle = split(row.account_id, ':')[1], acc.stub = true
MERGE (p:Post {id: row.id})
WITH p, acc, row,
     CASE WHEN row.observed_at IS NULL THEN null ELSE datetime(row.observed_at) END AS obs
WITH p, acc, row, obs, (p.observed_at IS NULL OR obs IS NULL OR obs >= p.observed_at) AS newer
SET p.nlp_version = CASE WHEN row.text IS NOT NULL AND coalesce(p.text, '') <> row.text THEN null
                         ELSE p.nlp_version END,  // an edited post is annotated again by the next NLP run
    p.platform = row.platform,
    p.post_id = row.post_id,
    p.created_at = CASE WHEN row.created_at IS NULL THEN p.created_at ELSE datetime(row.created_at) END,
    p.kind = coalesce(row.kind, 'post'),
    p.fingerprint = CASE WHEN row.text IS NULL AND p.text IS NOT NULL THEN p.fingerprint ELSE row.fingerprint END,
    p.text = coalesce(row.text, p.text, ''),
    p.url = coalesce(row.url, p.url),
    p.links = coalesce(row.links, p.links, []),
    p.shared_url = coalesce(row.shared_url, p.shared_url),
    p.likes = CASE WHEN newer THEN coalesce(row.likes, p.likes) ELSE p.likes END,
    p.shares = CASE WHEN newer THEN coalesce(row.shares, p.shares) ELSE p.shares END,
    p.comments = CASE WHEN newer THEN coalesce(row.comments, p.comments) ELSE p.comments END,
    p.views = CASE WHEN newer THEN coalesce(row.views, p.views) ELSE p.views END,
    p.observed_at = CASE WHEN newer AND obs IS NOT NULL THEN obs ELSE p.observed_at END,
    p.time_missing = row.time_missing,
    p.stub = false
MERGE (acc)-[:POSTED]->(p)
