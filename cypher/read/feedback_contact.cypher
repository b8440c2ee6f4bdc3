// purpose: the contact details a citizen left with one feedback item (only for roles that need them)
// params: id
// mode: read
MATCH (:Feedback {id: $id})-[:HAS_CONTACT]->(c:FeedbackContact)
RETURN c.name AS name, c.email AS email, c.phone AS phone
