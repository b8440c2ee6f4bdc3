// purpose: erase one data subject on request: their accounts, their posts, and the feedback they sent with its contact
// params: account_ids, emails, phones
// mode: write
// note: a Case that is still open keeps what it concerns; the statement returns what it kept and why
CALL () {
  MATCH (a:Account)-[:POSTED]->(p:Post) WHERE a.id IN $account_ids
    AND NOT EXISTS { MATCH (c:Case)-[:CONCERNS]->(p) WHERE c.closed_at IS NULL }
  DETACH DELETE p
  RETURN count(p) AS posts
}
CALL () {
  MATCH (f:Feedback)-[:HAS_CONTACT]->(c:FeedbackContact)
  WHERE toLower(trim(coalesce(c.email, ''))) IN $emails
     OR reduce(s = coalesce(c.phone, ''), ch IN [' ', '.', '-', '(', ')', '+'] | replace(s, ch, '')) IN $phones
  WITH DISTINCT f
  WHERE NOT EXISTS { MATCH (k:Case)-[:CONCERNS]->(f) WHERE k.closed_at IS NULL }
  OPTIONAL MATCH (f)-[:HAS_CONTACT]->(fc:FeedbackContact)
  DETACH DELETE fc, f
  RETURN count(DISTINCT f) AS feedback
}
CALL () {
  MATCH (a:Account) WHERE a.id IN $account_ids
    AND NOT EXISTS { MATCH (c:Case)-[:CONCERNS]->(a) WHERE c.closed_at IS NULL }
    AND NOT EXISTS { MATCH (a)-[:POSTED]->(:Post) }
  DETACH DELETE a
  RETURN count(a) AS accounts
}
CALL () {
  OPTIONAL MATCH (c:Case)-[:CONCERNS]->(x) WHERE c.closed_at IS NULL
    AND ((x:Account AND x.id IN $account_ids) OR (x:Post AND EXISTS { MATCH (a:Account)-[:POSTED]->(x) WHERE a.id IN $account_ids }))
  RETURN collect(DISTINCT x.id) AS held_by_open_cases
}
RETURN posts, feedback, accounts, held_by_open_cases
