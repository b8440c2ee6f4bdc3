// purpose: one data subject's social accounts with every property, for a data-subject access request
// params: account_ids
// mode: read
MATCH (a:Account) WHERE a.id IN $account_ids
OPTIONAL MATCH (a)-[:ON_PLATFORM]->(pl:Platform)
RETURN a.id AS id, properties(a) AS account, pl.id AS platform
ORDER BY id
