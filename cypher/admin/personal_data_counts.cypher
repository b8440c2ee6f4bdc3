// purpose: the processing record's counts, from the graph: social accounts, their posts, citizens' feedback, its
//          contact records (FeedbackContact, kept apart from the feedback) and evidence captures
// params: none
// mode: read
CALL () { MATCH (a:Account) RETURN count(a) AS accounts }
CALL () { MATCH (p:Post) RETURN count(p) AS posts }
CALL () { MATCH (f:Feedback) RETURN count(f) AS feedback }
CALL () { MATCH (c:FeedbackContact) RETURN count(c) AS feedback_contacts }
CALL () { MATCH (c:Capture) RETURN count(c) AS captures }
RETURN accounts, posts, feedback, feedback_contacts, captures
