// purpose: ids of the registered outlets among $ids (every registered outlet when $ids is empty)
// params: ids
// mode: read
MATCH (o:Outlet)
WHERE coalesce(o.registered, false) AND (size($ids) = 0 OR o.id IN $ids)
RETURN o.id AS id
ORDER BY id
