// purpose: the rankings one influence run stored (which windows, topics, platforms, communities can be asked)
// params: run
// mode: read
MATCH (k:Ranking {run: $run})
RETURN k.scope AS scope, k.window AS window, k.topic AS topic, k.platform AS platform,
       k.community_id AS community_id
ORDER BY scope, window, topic, platform, community_id
