// purpose: one FeedbackContact node per id (citizens' contact details, kept apart from the feedback itself)
// params: none
// mode: schema
CREATE CONSTRAINT feedback_contact_id IF NOT EXISTS FOR (c:FeedbackContact) REQUIRE c.id IS UNIQUE
