// purpose: stories of earlier batches whose items now belong to another story (two stories turned out to be one, or
// a story became part of an event): mark each merged into the story holding most of its items, and carry the
// refutations linked to it over, so that links, cases and decisions made on the old id still lead somewhere
// params: run
// mode: write
// note: run before admin/prune_part_of (it reads the old memberships); a story that keeps its id is its own
//       successor and is left alone; safe to run twice
MATCH (old:Story)<-[o:PART_OF]-(i)-[n:PART_OF {run: $run}]->(new:Story)
WHERE old <> new AND coalesce(o.run, '') <> $run AND coalesce(old.cascade_run, '') <> $run
WITH old, new, count(DISTINCT i) AS shared
ORDER BY shared DESC, new.id
WITH old, head(collect(new)) AS new
SET old.merged_into = new.id, old.status = 'merged'
MERGE (old)-[:MERGED_INTO]->(new)
WITH old, new
CALL (old, new) {
  MATCH (r)-[x:REFUTES]->(old)
  MERGE (r)-[y:REFUTES]->(new)
  SET y += properties(x), y.carried_from = old.id
}
RETURN count(old) AS merged
