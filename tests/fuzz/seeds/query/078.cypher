CALL algo.betweenness({labels: ['City', 'Region', 'Country']}) YIELD node, score
WITH node, score ORDER BY score DESC LIMIT 1
RETURN node.name AS name