// purpose: counts of what the social importer loaded (accounts in/out of scope, posts, shares, replies, stubs)
// params: none
// mode: read
CALL () { MATCH (a:Account) WHERE coalesce(a.stub, false) = false
       RETURN count(a) AS accounts, count(CASE WHEN a.in_scope THEN 1 END) AS in_scope,
              count(CASE WHEN a.in_scope = false THEN 1 END) AS out_of_scope }
CALL () { MATCH (p:Post) WHERE coalesce(p.stub, false) = false RETURN count(p) AS posts,
       count(CASE WHEN p.time_missing THEN 1 END) AS posts_without_time }
CALL () { MATCH (p:Post) WHERE p.stub = true RETURN count(p) AS stub_posts }
CALL () { MATCH (:Post)-[r:SHARES]->(:Post) RETURN count(r) AS shares }
CALL () { MATCH (:Post)-[r:SHARES]->(:Article) RETURN count(r) AS article_shares }
CALL () { MATCH (:Post)-[r:REPLIES_TO]->(:Post) RETURN count(r) AS replies }
CALL () { MATCH (:Account)-[r:POSTED]->(:Post) RETURN count(r) AS posted }
CALL () { MATCH (:Account)-[r:OWNED_BY]->(:Outlet) RETURN count(r) AS owned }
RETURN accounts, in_scope, out_of_scope, posts, posts_without_time, stub_posts, shares, article_shares, replies,
       posted, owned
