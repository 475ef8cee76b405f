MATCH (a {name: 'Grodno'}), (b {name: 'Mińsk'})
CALL algo.shortestPath(a, b, {direction: 'OUT'}) YIELD length
RETURN length