CREATE (a:P {name: 'a'})-[:R]->(b:P {name: 'b'})-[:R]->(d:P {name: 'd'}),
       (a)-[:R]->(c:P {name: 'c'})-[:R]->(d),
       (d)-[:R]->(e:P {name: 'e'}),
       (x:Q {name: 'x'})-[:T]->(y:Q {name: 'y'})-[:T]->(x),
       (t1:Tri {name: 't1'})-[:S]->(t2:Tri {name: 't2'})-[:S]->(t3:Tri {name: 't3'})-[:S]->(t1)