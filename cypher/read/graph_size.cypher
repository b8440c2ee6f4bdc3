// purpose: the size of the graph a benchmark runs on: posts and derived AMPLIFIES edges (count store, constant time)
// params: none
// mode: read
CALL () { MATCH (p:Post) RETURN count(p) AS posts }
CALL () { MATCH ()-[r:AMPLIFIES]->() RETURN count(r) AS amplifies }
RETURN posts, amplifies
