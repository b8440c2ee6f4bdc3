// purpose: reaction counts per post from an export's reaction lines (absolute counts: re-import is idempotent)
// params: rows
// mode: write
// row_keys: id
// row: {id, like, love, haha, wow, sad, angry}
UNWIND $rows AS row
MERGE (p:Post {id: row.id})
  ON CREATE SET p.stub = true
SET p.reactions_like = row.like, p.reactions_love = row.love, p.reactions_haha = row.haha,
    p.reactions_wow = row.wow, p.reactions_sad = row.sad, p.reactions_angry = row.angry
