// purpose: count what a retention run would delete for the given cut-offs (dry run)
// params: post_cutoff, account_cutoff, contact_cutoff, feedback_cutoff
// mode: read
CALL () {
  MATCH (p:Post) WHERE coalesce(p.observed_at, p.created_at) < datetime($post_cutoff)
    AND NOT EXISTS { MATCH (:Outlet)<-[:OWNED_BY]-(:Account)-[:POSTED]->(p) }
    AND NOT EXISTS { MATCH (c:Case)-[:CONCERNS]->(p) WHERE c.closed_at IS NULL OR c.closed_at >= datetime($post_cutoff) }
  RETURN count(p) AS posts
}
CALL () {
  MATCH (a:Account) WHERE coalesce(a.observed_at, a.created_at) < datetime($account_cutoff)
    AND NOT EXISTS { MATCH (a)-[:OWNED_BY]->(:Outlet) }
    AND NOT EXISTS { MATCH (c:Case)-[:CONCERNS]->(a) WHERE c.closed_at IS NULL OR c.closed_at >= datetime($account_cutoff) }
  RETURN count(a) AS accounts_candidates
}
CALL () {
  MATCH (f:Feedback)-[:HAS_CONTACT]->(:FeedbackContact) WHERE f.received_at < datetime($contact_cutoff)
  RETURN count(f) AS feedback_contacts
}
CALL () {
  MATCH (f:Feedback) WHERE f.received_at < datetime($feedback_cutoff)
    AND NOT EXISTS { MATCH (c:Case)-[:CONCERNS]->(f) WHERE c.closed_at IS NULL OR c.closed_at >= datetime($feedback_cutoff) }
  RETURN count(f) AS feedback
}
RETURN posts, accounts_candidates, feedback_contacts, feedback
