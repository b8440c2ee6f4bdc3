// purpose: range index on articles' NLP version (finding what is not yet annotated)
// params: none
// mode: schema
CREATE RANGE INDEX article_nlp_version IF NOT EXISTS
FOR (n:Article) ON (n.nlp_version)
