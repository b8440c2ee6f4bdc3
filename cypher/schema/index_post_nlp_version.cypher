// purpose: range index on posts' NLP version (finding what is not yet annotated)
// params: none
// mode: schema
CREATE RANGE INDEX post_nlp_version IF NOT EXISTS
FOR (n:Post) ON (n.nlp_version)
