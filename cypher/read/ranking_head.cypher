// purpose: one stored ranking (scope, window, topic, platform, community) and how many accounts it ranks
// params: ranking_id
// mode: read
MATCH (k:Ranking {id: $ranking_id})
RETURN k.id AS id, k.run AS run, k.scope AS scope, k.window AS window, k.topic AS topic,
       k.platform AS platform, k.community_id AS community_id, COUNT { (k)-[:RANKS]->(:Account) } AS total
