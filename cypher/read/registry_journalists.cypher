// purpose: journalists in the press registry (or all), optionally of one outlet, with press card and outlet history
// params: outlet_id, registered_only, skip, limit
// mode: read
MATCH (j:Journalist)
WHERE (NOT $registered_only OR coalesce(j.registered, false))
  AND ($outlet_id = '' OR EXISTS { (j)-[:WORKS_FOR]->(:Outlet {id: $outlet_id}) })
RETURN j.id AS id, j.name AS name, coalesce(j.aliases, []) AS aliases, j.press_card_no AS press_card_no,
       j.press_card_expires AS press_card_expires, coalesce(j.resident, false) AS resident,
       j.resident_area AS resident_area, coalesce(j.registered, false) AS registered,
       [(j)-[w:WORKS_FOR]->(o:Outlet) | {outlet_id: o.id, from: w.from, to: w.to, role: w.role,
                                         resident: coalesce(w.resident, false)}] AS history,
       [(a:Account)-[:OWNED_BY]->(j) | a.id] AS accounts,
       COUNT { (j)-[:WROTE]->(:Article) } + COUNT { (:Journalist)-[:SAME_AS]->(j) } AS bylines,
       COUNT { (:Journalist)-[:SAME_AS]->(j)-[:WORKS_FOR]->() } AS linked_bylines
ORDER BY name, id
SKIP $skip LIMIT $limit
