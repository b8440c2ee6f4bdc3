// purpose: find an earlier identical feedback quickly (duplicate detection)
// params: none
// mode: schema
CREATE INDEX feedback_fingerprint IF NOT EXISTS FOR (f:Feedback) ON (f.fingerprint)
