"""Streets, cities and postcodes per country, and the way each country writes an address.

Street names are common generic ones; postcodes are drawn from the country's pattern.
"""

from __future__ import annotations

import random

STREETS = {
    "de": ["Lindenstraße", "Bahnhofstraße", "Hauptstraße", "Gartenweg", "Schillerstraße", "Am Markt",
           "Industriestraße", "Birkenweg", "Goethestraße", "Mühlenweg", "Kirchplatz", "Ringstraße"],
    "fr": ["rue de la Paix", "avenue des Tilleuls", "rue du Moulin", "boulevard Victor Hugo", "rue des Écoles",
           "place de la Gare", "chemin des Vignes", "rue Pasteur", "allée des Roses"],
    "es": ["Calle Mayor", "Avenida de la Constitución", "Calle del Sol", "Paseo de la Castellana",
           "Calle Real", "Plaza de España", "Calle de Alcalá", "Camino Viejo"],
    "it": ["Via Roma", "Via Garibaldi", "Corso Italia", "Via dei Mille", "Piazza Duomo", "Via Mazzini",
           "Viale Europa", "Via Verdi"],
    "nl": ["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg", "Prinsengracht", "Industrieweg",
           "Marktplein", "Schoolstraat"],
    "pt": ["Rua das Flores", "Avenida da Liberdade", "Rua do Comércio", "Travessa do Carmo", "Rua Augusta",
           "Largo do Rossio", "Rua de Santa Catarina"],
    "en": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Mill Lane", "Park Avenue",
           "Queen Street", "Oak Avenue", "Market Square", "Elm Street", "Maple Drive", "Lake View Road"],
    "sv": ["Storgatan", "Kungsgatan", "Drottninggatan", "Skolgatan"],
    "da": ["Nørregade", "Vestergade", "Strandvejen", "Algade"],
    "no": ["Storgata", "Kirkegata", "Strandveien", "Torggata"],
    "pl": ["ul. Długa", "ul. Polna", "ul. Kwiatowa", "ul. Lipowa"],
}

# country -> (name-language, [(city, postcode prefix)], postcode pattern: 9 digit, A letter, rest literal)
CITIES = {
    "DE": ("de", [("Berlin", "10"), ("Hamburg", "20"), ("München", "80"), ("Köln", "50"), ("Leipzig", "04"),
                  ("Stuttgart", "70"), ("Bremen", "28"), ("Nürnberg", "90"), ("Freiburg", "79")], "99999"),
    "AT": ("de", [("Wien", "1"), ("Graz", "8"), ("Linz", "4"), ("Salzburg", "5"), ("Innsbruck", "6")], "9999"),
    "CH": ("de", [("Zürich", "8"), ("Bern", "3"), ("Basel", "4"), ("Luzern", "6"), ("Genève", "12")], "9999"),
    "FR": ("fr", [("Paris", "75"), ("Lyon", "69"), ("Marseille", "13"), ("Nantes", "44"), ("Lille", "59"),
                  ("Bordeaux", "33"), ("Strasbourg", "67"), ("Toulouse", "31")], "99999"),
    "BE": ("nl", [("Brussel", "1"), ("Antwerpen", "2"), ("Gent", "9"), ("Liège", "4"), ("Namur", "5")], "9999"),
    "ES": ("es", [("Madrid", "28"), ("Barcelona", "08"), ("Valencia", "46"), ("Sevilla", "41"),
                  ("Bilbao", "48"), ("Zaragoza", "50"), ("Málaga", "29")], "99999"),
    "IT": ("it", [("Milano", "20"), ("Roma", "00"), ("Torino", "10"), ("Bologna", "40"), ("Firenze", "50"),
                  ("Napoli", "80"), ("Verona", "37")], "99999"),
    "NL": ("nl", [("Amsterdam", "10"), ("Rotterdam", "30"), ("Utrecht", "35"), ("Eindhoven", "56"),
                  ("Groningen", "97"), ("Den Haag", "25")], "99 AA"),
    "PT": ("pt", [("Lisboa", "1"), ("Porto", "4"), ("Braga", "4"), ("Coimbra", "3"), ("Faro", "8")],
           "999-999"),
    "GB": ("en", [("London", "EC"), ("Manchester", "M"), ("Leeds", "LS"), ("Bristol", "BS"),
                  ("Birmingham", "B"), ("Glasgow", "G"), ("York", "YO")], "9 9AA"),
    "IE": ("en", [("Dublin", "D0"), ("Cork", "T1"), ("Galway", "H9")], "9 A9A9"),
    "US": ("en", [("Springfield, IL", "627"), ("Austin, TX", "787"), ("Portland, OR", "972"),
                  ("Columbus, OH", "432"), ("Denver, CO", "802"), ("Raleigh, NC", "276")], "99999"),
    "SE": ("sv", [("Stockholm", "11"), ("Göteborg", "41"), ("Malmö", "21"), ("Uppsala", "75")], "9 99"),
    "DK": ("da", [("København", "1"), ("Aarhus", "8"), ("Odense", "5")], "9999"),
    "NO": ("no", [("Oslo", "0"), ("Bergen", "5"), ("Trondheim", "7")], "9999"),
    "PL": ("pl", [("Warszawa", "0"), ("Kraków", "3"), ("Gdańsk", "8"), ("Poznań", "6")], "9-999"),
}

COUNTRY_NAMES = {
    "de": {"DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "FR": "Frankreich", "NL": "Niederlande",
           "BE": "Belgien"},
    "fr": {"FR": "France", "BE": "Belgique", "CH": "Suisse", "DE": "Allemagne"},
    "es": {"ES": "España", "PT": "Portugal", "FR": "Francia"},
    "it": {"IT": "Italia", "CH": "Svizzera", "DE": "Germania"},
    "nl": {"NL": "Nederland", "BE": "België", "DE": "Duitsland"},
    "pt": {"PT": "Portugal", "ES": "Espanha"},
    "en": {"GB": "United Kingdom", "IE": "Ireland", "US": "USA", "SE": "Sweden", "DK": "Denmark",
           "NO": "Norway", "PL": "Poland", "DE": "Germany"},
}


def _pattern(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "9" else rng.choice("ABDEFHJLNPRSTWXY") if ch == "A" else ch
                   for ch in pattern)


def address(rng: random.Random, country: str) -> tuple[str, str, str]:
    """(street line, postcode, city) in the country's own order and spelling."""
    lang, cities, pattern = CITIES[country]
    city, prefix = rng.choice(cities)
    code = prefix + _pattern(rng, pattern)
    if pattern.isdigit():
        code = code[:len(pattern)]
    if country == "US":
        city, state = city.split(", ")
        code = f"{state} {code[:5]}"
    street = rng.choice(STREETS[lang])
    no = str(rng.randint(1, 180))
    if country in ("FR", "GB", "IE", "US"):
        line = f"{no} {street}"
        if country == "US" and rng.random() < 0.4:
            line += f", Suite {rng.randint(100, 900)}"
    elif country in ("ES", "PT"):
        line = f"{street}, {no}" + (f", {rng.randint(1, 6)}º" if rng.random() < 0.3 else "")
    else:
        line = f"{street} {no}"
    return line, code, city


def city_line(country: str, code: str, city: str) -> str:
    if country == "US":
        return f"{city}, {code}"
    if country in ("GB", "IE"):
        return f"{city} {code}"
    return f"{code} {city}"
