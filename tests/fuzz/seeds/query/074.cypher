MATCH (a {name: 'obwód grodzieński'}), (b {name: 'wilajet taszkencki'})
CALL algo.allShortestPaths(a, b) YIELD path, length
RETURN length, count(*) AS paths