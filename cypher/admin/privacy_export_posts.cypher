// purpose: every post of one data subject's accounts, with what it shares or replies to (ids only)
// params: account_ids
// mode: read
MATCH (a:Account)-[:POSTED]->(p:Post) WHERE a.id IN $account_ids
OPTIONAL MATCH (p)-[r:SHARES|REPLIES_TO]->(t)
RETURN a.id AS account_id, p.id AS id, properties(p) AS post,
       collect(DISTINCT {rel: type(r), target: t.id}) AS links
ORDER BY account_id, id
