MATCH (a:Region {name: 'obwód grodzieński'}), (b:Region {name: 'wilajet taszkencki'})
CALL splot.link(a, b, {via: ['Enterprise', 'FEZ'], maxHops: 4}) YIELD path, score
RETURN [n IN nodes(path) | n.name] AS names, score