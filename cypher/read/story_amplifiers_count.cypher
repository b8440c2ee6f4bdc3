// purpose: how many distinct accounts posted in a story (the total of read/story_amplifiers)
// params: id
// mode: read
MATCH (s:Story {id: $id})<-[:PART_OF]-(:Post)<-[:POSTED]-(a:Account)
RETURN count(DISTINCT a) AS total
