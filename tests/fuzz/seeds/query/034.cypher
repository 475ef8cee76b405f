WITH {name: 'Grodno', population: 370000} AS city
RETURN city {.name, big: city.population > 100000} AS summary