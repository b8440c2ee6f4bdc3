// purpose: one inspection case with the ids of everything it concerns, grouped by kind, its evidence, and the kinds of its accounts (for masking)
// params: id
// mode: read
MATCH (c:Case {id: $id})
OPTIONAL MATCH (c)-[:CONCERNS]->(t)
OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(cap:Capture)
WITH c, collect(DISTINCT t) AS ts, collect(DISTINCT {sha256: cap.sha256, url: cap.url, captured_at: cap.captured_at})
     AS caps
RETURN c.id AS id, c.title AS title, c.violation AS violation, c.legal_basis AS legal_basis, c.status AS status,
       c.opened_at AS opened_at, c.opened_by AS opened_by, c.closed_at AS closed_at, c.notes AS notes,
       c.history AS history, c.updated_at AS updated_at, c.updated_by AS updated_by,
       coalesce(c.evidence_sha256, []) AS evidence_sha256,
       [x IN ts WHERE x:Outlet | x.id] AS outlets, [x IN ts WHERE x:Journalist | x.id] AS journalists,
       [x IN ts WHERE x:Account | x.id] AS accounts, [x IN ts WHERE x:Article | x.id] AS articles,
       [x IN ts WHERE x:Post | x.id] AS posts, [x IN caps WHERE x.sha256 IS NOT NULL] AS captures,
       [x IN ts WHERE x:Account | {id: x.id, kind: x.kind, owned_by_outlet: EXISTS { (x)-[:OWNED_BY]->(:Outlet) }}]
         AS account_refs,
       [x IN ts WHERE x:Post | {id: x.id, account: head(COLLECT { MATCH (a:Account)-[:POSTED]->(x)
           RETURN {kind: a.kind, owned_by_outlet: EXISTS { (a)-[:OWNED_BY]->(:Outlet) }} })}] AS post_refs
