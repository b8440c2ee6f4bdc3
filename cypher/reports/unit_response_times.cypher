// purpose: response to routed alerts per unit since a date: routed, acknowledged, on time, late, escalated,
//          still open past the deadline, and the median and longest time to acknowledge (minutes)
// title: Thời gian phản hồi cảnh báo theo đơn vị
// params: since, kind, limit
// mode: read
// param since: date [today-30] — từ ngày (theo thời điểm chuyển cảnh báo)
// param kind: str [] — loại đơn vị: department (sở, ngành) hoặc commune (xã, phường); để trống: mọi đơn vị
// param limit: int [200] — số dòng tối đa
// columns: unit_id, unit, kind, routed, acknowledged, on_time, late, escalated, overdue_open, median_minutes, max_minutes
// chart: bar label=unit value=median_minutes
WITH datetime({date: $since, timezone: 'Asia/Ho_Chi_Minh'}) AS lo
MATCH (al:Alert)-[r:ROUTED_TO]->(u:Unit)
WHERE r.routed_at >= lo AND ($kind = '' OR u.kind = $kind)
WITH u, r,
     CASE WHEN r.acknowledged_at IS NULL THEN null
          ELSE duration.inSeconds(r.routed_at, r.acknowledged_at).seconds / 60.0 END AS minutes
WITH u, count(r) AS routed, count(r.acknowledged_at) AS acknowledged,
     sum(CASE WHEN r.acknowledged_at IS NOT NULL AND (r.deadline_at IS NULL OR r.acknowledged_at <= r.deadline_at)
              THEN 1 ELSE 0 END) AS on_time,
     sum(CASE WHEN r.acknowledged_at IS NOT NULL AND r.deadline_at IS NOT NULL AND r.acknowledged_at > r.deadline_at
              THEN 1 ELSE 0 END) AS late,
     sum(CASE WHEN r.escalated_at IS NOT NULL THEN 1 ELSE 0 END) AS escalated,
     sum(CASE WHEN r.acknowledged_at IS NULL AND r.deadline_at IS NOT NULL AND r.deadline_at < datetime()
              THEN 1 ELSE 0 END) AS overdue_open,
     percentileCont(minutes, 0.5) AS median, max(minutes) AS longest
RETURN u.id AS unit_id, u.name AS unit, u.kind AS kind, routed, acknowledged, on_time, late, escalated,
       overdue_open, CASE WHEN median IS NULL THEN null ELSE round(median, 1) END AS median_minutes,
       CASE WHEN longest IS NULL THEN null ELSE round(longest, 1) END AS max_minutes
ORDER BY overdue_open DESC, escalated DESC, median_minutes DESC, unit
LIMIT $limit
