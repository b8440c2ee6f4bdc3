// purpose: a story's handling recommendation and every decision recorded on it, newest first
// params: story_id
// mode: read
MATCH (s:Story {id: $story_id})
OPTIONAL MATCH (d:Decision)-[:ON]->(s)
WITH s, d ORDER BY d.decided_at DESC
RETURN s.id AS story_id, s.handling AS handling, s.handling_recommended AS recommended,
       coalesce(s.handling_reasons, []) AS reasons, s.verdict AS verdict, coalesce(s.crisis_level, 0) AS crisis_level,
       coalesce(s.crisis_reasons, []) AS crisis_reasons,
       [x IN collect(d) WHERE x IS NOT NULL | {id: x.id, decided: x.decided, recommended: x.recommended,
         override: x.override, verdict: x.verdict, decided_by: x.decided_by, decided_at: x.decided_at,
         note: x.note}] AS decisions
