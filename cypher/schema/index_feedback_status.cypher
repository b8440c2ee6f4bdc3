// purpose: range index on Feedback.status
// params: none
// mode: schema
CREATE RANGE INDEX feedback_status IF NOT EXISTS
FOR (n:Feedback) ON (n.status)
