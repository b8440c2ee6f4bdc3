// purpose: write each story's warning stage, crisis level and handling recommendation (with Vietnamese reasons);
//          a recommendation never replaces a handling an inspector has decided
// params: rows
// mode: write
// row_keys: story_id
// row: {story_id, stage, crisis_level, crisis_reasons: [str], recommended, handling_reasons: [str], assessed_at}
UNWIND $rows AS row
MATCH (s:Story {id: row.story_id})
SET s.stage = row.stage, s.crisis_level = row.crisis_level, s.crisis_reasons = row.crisis_reasons,
    s.handling_recommended = row.recommended, s.handling_reasons = row.handling_reasons,
    s.assessed_at = datetime(row.assessed_at),
    s.detected_at = coalesce(s.detected_at, CASE WHEN row.crisis_level >= 1 THEN datetime(row.assessed_at) END),
    s.handling = CASE WHEN s.handling_decided_at IS NULL THEN row.recommended ELSE s.handling END
