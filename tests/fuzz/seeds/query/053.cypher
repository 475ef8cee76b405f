CREATE (c:Country {name: 'Białoruś', name_en: 'Belarus'}),
       (r:Region {name: 'obwód grodzieński'})-[:LOCATED_IN]->(c),
       (g:City {name: 'Grodno'})-[:LOCATED_IN]->(r),
       (m:City {name: 'Mińsk'})-[:LOCATED_IN]->(c),
       (b:City {name: 'Brześć'})-[:LOCATED_IN]->(c),
       (e:Enterprise {name: 'Grodno Azot'})-[:LOCATED_IN]->(g)