MATCH (a:Region {name: 'obwód grodzieński'}), (b:Region {name: 'wilajet taszkencki'})
CALL splot.link(a, b, {maxHops: 2}) YIELD path
RETURN [n IN nodes(path) | n.name][1] AS via