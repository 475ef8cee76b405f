MATCH (a {name: 'Grodno'}), (b {name: 'Mińsk'})
CALL algo.shortestPath(a, b) YIELD path, length
RETURN length, [n IN nodes(path) | n.name] AS names