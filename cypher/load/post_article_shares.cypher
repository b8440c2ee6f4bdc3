// purpose: a post that shares an article (parent_url / links known as articles) gets SHARES to that Article
// params: rows
// mode: write
// row_keys: id, article_id
// row: {id, article_id}
UNWIND $rows AS row
MATCH (p:Post {id: row.id})
MATCH (a:Article {id: row.article_id})
MERGE (p)-[:SHARES]->(a)
