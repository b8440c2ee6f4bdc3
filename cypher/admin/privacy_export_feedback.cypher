// purpose: the feedback one data subject sent, found by their contact e-mail or phone (normalised digits)
// params: emails, phones
// mode: read
MATCH (f:Feedback)-[:HAS_CONTACT]->(c:FeedbackContact)
WHERE toLower(trim(coalesce(c.email, ''))) IN $emails
   OR reduce(s = coalesce(c.phone, ''), ch IN [' ', '.', '-', '(', ')', '+'] | replace(s, ch, '')) IN $phones
RETURN f.id AS id, properties(f) AS feedback, properties(c) AS contact
ORDER BY id
