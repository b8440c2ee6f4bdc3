// purpose: one feedback item without its contact details
// params: id
// mode: read
MATCH (f:Feedback {id: $id})
OPTIONAL MATCH (f)-[:CONCERNS]->(t)
RETURN f.id AS id, f.received_at AS received_at, f.status AS status, f.category AS category,
       f.subject_kind AS subject_kind, f.subject_id AS subject_id, f.subject_text AS subject_text,
       head(COLLECT { MATCH (a:Account {id: f.subject_id}) WHERE f.subject_kind = 'account'
         RETURN {kind: a.kind, owned_by_outlet: EXISTS { (a)-[:OWNED_BY]->(:Outlet) }} }) AS subject_account,
       f.message AS message, f.resolution AS resolution, f.history AS history, f.fingerprint AS fingerprint,
       f.ip_hash AS ip_hash, f.updated_at AS updated_at, f.updated_by AS updated_by, t.id AS linked_id,
       EXISTS { (f)-[:HAS_CONTACT]->(:FeedbackContact) } AS has_contact
