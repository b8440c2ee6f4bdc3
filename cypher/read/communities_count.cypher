// purpose: how many communities one run found
// params: run
// mode: read
MATCH (c:Community {run: $run})
RETURN count(c) AS total
