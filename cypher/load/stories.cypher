// purpose: stories (cascades, and events: bursts of many stories about one place and topic) found by one cascades
// run, with their metrics and traced origin
// params: rows
// mode: write
// row_keys: id, run
// note: sentiment_score = mean of the items' signed scores, sentiment = its label (common/sentiment.py),
//       negative_share = share of the labelled items labelled 'negative'
UNWIND $rows AS row
MERGE (s:Story {id: row.id})
SET s.title = row.title, s.first_seen_at = datetime(row.first_seen_at), s.last_seen_at = datetime(row.last_seen_at),
    s.size = row.size, s.depth = row.depth, s.breadth = row.breadth, s.virality = row.virality,
    s.speed_per_hour = row.speed_per_hour, s.items_per_hour = row.items_per_hour, s.reach = row.reach,
    s.time_to_10_s = row.time_to_10_s, s.time_to_100_s = row.time_to_100_s, s.time_to_1000_s = row.time_to_1000_s,
    s.origin_post_id = row.origin_post_id, s.origin_article_id = row.origin_article_id,
    s.origin_account = row.origin_account, s.origin_confidence = row.origin_confidence,
    s.origin_unobserved = row.origin_unobserved, s.origin_reasons = row.origin_reasons,
    s.origin_candidates = row.origin_candidates, s.growth = row.growth, s.community_share = row.community_share,
    s.negative_share = row.negative_share, s.sentiment = row.sentiment, s.sentiment_score = row.sentiment_score,
    s.kind = row.kind, s.event_places = row.event_places, s.event_topics = row.event_topics,
    s.event_units = row.event_units, s.status = coalesce(s.status, 'open'), s.cascade_run = row.run
WITH s, row
MATCH (r:AnalysisRun {id: row.run})
MERGE (s)-[:PRODUCED_BY]->(r)
