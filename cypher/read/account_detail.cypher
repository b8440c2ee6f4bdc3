// purpose: one account with its influence figures, community, coordination group and activity counts
// params: id
// mode: read
MATCH (a:Account {id: $id})
OPTIONAL MATCH (a)-[:OWNED_BY]->(o:Outlet)
RETURN a {.id, .platform, .handle, .name, .kind, .followers, .verified, .pagerank, .rank, .influence, .reach,
          .engagement, .amplification, .bridge, .kcore, .spread, .community_id, .coordination_group,
          .influence_run, created_at: toString(a.created_at)} AS account,
       o.id AS outlet_id, o.name AS outlet_name,
       COUNT { (a)-[:POSTED]->(:Post) } AS posts,
       COUNT { (a)-[:POSTED]->(:Post)-[:PART_OF]->(:Story) } AS story_posts,
       COUNT { (a)<-[:AMPLIFIES]-(:Account) } AS amplified_by,
       COUNT { (a)-[:AMPLIFIES]->(:Account) } AS amplifies
