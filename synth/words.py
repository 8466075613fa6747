"""Invented people and company names per country: first names, surnames, trade words and legal forms.

Everything here is made up from common words; combinations are drawn by synth.parties.
"""

from __future__ import annotations

FIRST = {
    "de": ["Anna", "Jonas", "Lea", "Lukas", "Marie", "Felix", "Sophie", "Paul", "Hannah", "Tobias", "Jürgen",
           "Katrin", "Stefan", "Birgit", "Matthias", "Ute", "Sebastian", "Claudia"],
    "fr": ["Camille", "Louis", "Chloé", "Hugo", "Léa", "Julien", "Manon", "Antoine", "Élodie", "Mathieu",
           "Isabelle", "François", "Céline", "Nicolas"],
    "es": ["Lucía", "Javier", "Carmen", "Alejandro", "Marta", "Pablo", "Elena", "Sergio", "Nuria", "Álvaro",
           "Rocío", "Diego"],
    "it": ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Valentina", "Davide", "Elisa", "Simone",
           "Federica", "Niccolò"],
    "nl": ["Sanne", "Daan", "Femke", "Bram", "Lotte", "Joost", "Anouk", "Thijs", "Eva", "Ruben", "Marieke",
           "Sven"],
    "pt": ["Inês", "João", "Beatriz", "Tiago", "Mariana", "Rui", "Catarina", "Gonçalo", "Sofia", "Duarte",
           "Leonor", "Nuno"],
    "en": ["Emily", "James", "Olivia", "Thomas", "Charlotte", "Daniel", "Grace", "Oliver", "Hannah", "Michael",
           "Jessica", "Ryan", "Megan", "Christopher"],
    "sv": ["Astrid", "Erik", "Maja", "Johan", "Elin", "Nils"],
    "da": ["Freja", "Mads", "Ida", "Rasmus", "Sofie", "Mikkel"],
    "no": ["Ingrid", "Henrik", "Nora", "Sindre", "Kari", "Eirik"],
    "pl": ["Agnieszka", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Marek"],
}

LAST = {
    "de": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch",
           "Richter", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Krüger", "Hartmann", "Lehmann", "Brandt"],
    "fr": ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux", "Fournier",
           "Mercier", "Blanc", "Guérin", "Chevalier", "Lambert"],
    "es": ["García", "Fernández", "López", "Martínez", "Sánchez", "Romero", "Navarro", "Torres", "Domínguez",
           "Gil", "Serrano", "Ortega"],
    "it": ["Rossi", "Bianchi", "Ferrari", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco",
           "Bruno", "Galli", "Conti"],
    "nl": ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Dekker",
           "Brouwer", "van Dijk", "Hendriks"],
    "pt": ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
           "Fernandes", "Gonçalves", "Lopes"],
    "en": ["Smith", "Johnson", "Taylor", "Brown", "Walker", "Wright", "Robinson", "Thompson", "Hughes",
           "Edwards", "Carter", "Mitchell", "Turner", "Parker"],
    "sv": ["Andersson", "Lindqvist", "Berg", "Nyström", "Holm", "Sjöberg"],
    "da": ["Nielsen", "Jensen", "Hansen", "Pedersen", "Kristensen", "Møller"],
    "no": ["Hansen", "Johansen", "Olsen", "Larsen", "Bakke", "Haugen"],
    "pl": ["Nowak", "Kowalski", "Wiśniewski", "Zieliński", "Kamińska", "Lewandowski"],
}

# Words for "<Fancy> <Trade> <form>" and "<Surname> <Trade> <form>" company names.
FANCY = {
    "de": ["Nordlicht", "Alpen", "Rheinblick", "Sonnenhof", "Lindenberg", "Eichwald", "Blauwerk", "Hanse",
           "Bergquell", "Weitblick", "Falkenstein", "Isartal"],
    "fr": ["Horizon", "Lumière", "Val d'Or", "Belle Rive", "Atlantique", "Mont-Blanc", "Les Tilleuls", "Azur",
           "Cap Nord", "Étoile"],
    "es": ["Sol", "Costa Brava", "Iberia Norte", "Montaña", "Mar Azul", "Río Claro", "Levante", "Alhambra",
           "Puerta del Sur"],
    "it": ["Aurora", "Dolomiti", "Stella", "Laguna", "Monte Verde", "Porto Fino", "Arcobaleno", "Toscana",
           "Vesuvio"],
    "nl": ["Polder", "Noordzee", "Tulp", "Molenwiek", "Duinzicht", "Grachten", "IJssel", "Zonnebloem"],
    "pt": ["Atlântico", "Ribeira", "Douro", "Sol Nascente", "Alfama", "Oceano", "Serra Verde", "Tejo"],
    "en": ["Northgate", "Riverside", "Summit", "Bluebell", "Oakridge", "Harbour", "Kingsway", "Silverline",
           "Evergreen", "Pinecrest", "Redwood", "Lakeshore"],
    "sv": ["Fjällvind", "Norrsken", "Skärgård", "Björkdal"],
    "da": ["Strandvej", "Nordlys", "Bølge", "Kystlinje"],
    "no": ["Fjord", "Nordkapp", "Tindefjell", "Havbris"],
    "pl": ["Wisła", "Tatry", "Bursztyn", "Mazury"],
}

TRADE = {
    "de": ["Bürotechnik", "Haustechnik", "Metallbau", "Logistik", "Druckerei", "Elektro", "Softwarehaus",
           "Gartenbau", "Reinigungsdienst", "Feinkost", "Werkzeughandel", "Medienservice"],
    "fr": ["Informatique", "Bâtiment", "Imprimerie", "Transports", "Électricité", "Conseil", "Papeterie",
           "Menuiserie", "Traiteur", "Fournitures"],
    "es": ["Informática", "Construcciones", "Suministros", "Transportes", "Gráficas", "Asesores", "Climatización",
           "Distribuciones", "Alimentación"],
    "it": ["Informatica", "Costruzioni", "Forniture", "Trasporti", "Tipografia", "Impianti", "Consulenze",
           "Arredamenti", "Alimentari"],
    "nl": ["Installatietechniek", "Drukkerij", "Transport", "Bouw", "ICT", "Kantoorartikelen", "Schoonmaak",
           "Advies"],
    "pt": ["Informática", "Construções", "Transportes", "Gráfica", "Consultoria", "Materiais", "Serviços",
           "Distribuição"],
    "en": ["Office Supplies", "Engineering", "Logistics", "Print Works", "IT Services", "Building Services",
           "Consulting", "Electrical", "Catering", "Software", "Hardware", "Facilities"],
    "sv": ["Kontorsteknik", "Bygg", "Logistik", "Data"],
    "da": ["Kontorservice", "Byg", "Transport", "IT"],
    "no": ["Kontorrekvisita", "Bygg", "Transport", "Data"],
    "pl": ["Budownictwo", "Informatyka", "Transport", "Poligrafia"],
}

LEGAL = {
    "DE": ["GmbH", "GmbH", "GmbH & Co. KG", "AG", "e.K.", "UG (haftungsbeschränkt)"],
    "AT": ["GmbH", "GmbH", "KG", "AG"],
    "CH": ["AG", "GmbH", "SA", "Sàrl"],
    "FR": ["SARL", "SAS", "SA", "EURL"],
    "BE": ["SRL", "SA", "BV", "NV"],
    "ES": ["S.L.", "S.L.", "S.A.", "S.L.U."],
    "IT": ["S.r.l.", "S.r.l.", "S.p.A.", "S.n.c."],
    "NL": ["B.V.", "B.V.", "N.V.", "V.O.F."],
    "PT": ["Lda.", "Lda.", "S.A.", "Unipessoal Lda."],
    "GB": ["Ltd", "Ltd", "PLC", "LLP"],
    "IE": ["Ltd", "Ltd", "DAC"],
    "US": ["LLC", "Inc.", "Corp.", "LLC"],
    "SE": ["AB"],
    "DK": ["ApS", "A/S"],
    "NO": ["AS"],
    "PL": ["Sp. z o.o.", "S.A."],
}

# Salutations for private customers (male, female) per language.
SALUTE = {
    "de": ("Herrn", "Frau"), "fr": ("M.", "Mme"), "es": ("Sr.", "Sra."), "it": ("Sig.", "Sig.ra"),
    "nl": ("Dhr.", "Mevr."), "pt": ("Sr.", "Sra."), "en": ("Mr", "Ms"),
}
FEMALE = {"Anna", "Lea", "Marie", "Sophie", "Hannah", "Katrin", "Birgit", "Ute", "Claudia", "Camille", "Chloé",
          "Léa", "Manon", "Élodie", "Isabelle", "Céline", "Lucía", "Carmen", "Marta", "Elena", "Nuria", "Rocío",
          "Giulia", "Francesca", "Chiara", "Valentina", "Elisa", "Federica", "Sanne", "Femke", "Lotte", "Anouk",
          "Eva", "Marieke", "Inês", "Beatriz", "Mariana", "Catarina", "Sofia", "Leonor", "Emily", "Olivia",
          "Charlotte", "Grace", "Jessica", "Megan", "Astrid", "Maja", "Elin", "Freja", "Ida", "Sofie", "Ingrid",
          "Nora", "Kari", "Agnieszka", "Katarzyna", "Magdalena"}
