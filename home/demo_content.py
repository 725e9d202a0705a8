"""The demo site's text, Norwegian Bokmål first with its English version beside it.

Kept apart from the command so the command reads as the steps it takes.
"""

HOME = {
    "slug": "hjem",
    "nb": {
        "title": "RE Gründerhus",
        "hero_title": "Et gründerhus midt i Asker sentrum",
        "hero_text": (
            "RE Gründerhus gir plass til 60 gründere under veiledning – med kontorplass, "
            "mentorer, arrangementer og et nettverk av lokale kompetansemiljøer."
        ),
        "intro": (
            "<p>Vi samler nye bedrifter, erfarne mentorer og lokalt næringsliv under ett tak. "
            "Målet er flere lokale arbeidsplasser og flere oppstartsbedrifter som velger å "
            "etablere seg i Asker.</p>"
        ),
    },
    "en": {
        "title": "RE Gründerhus",
        "hero_title": "A startup house in the heart of Asker",
        "hero_text": (
            "RE Gründerhus has room for 60 entrepreneurs under guidance – with desks, mentors, "
            "events and a network of local competence environments."
        ),
        "intro": (
            "<p>We bring new companies, experienced mentors and local business together under "
            "one roof. The aim is more local jobs and more startups choosing to settle in "
            "Asker.</p>"
        ),
    },
    "image": {
        "nb": "Illustrasjon: RE Gründerhus i Asker sentrum",
        "en": "Illustration: RE Gründerhus in Asker town centre",
        "colour": (11, 93, 59),
    },
}

NEWS_INDEX = {
    "slug": "nyheter",
    "en_slug": "news",
    "nb": {
        "title": "Nyheter",
        "intro": "<p>Siste nytt fra huset, partnerne og gründermiljøet i Asker.</p>",
    },
    "en": {
        "title": "News",
        "intro": "<p>The latest from the house, our partners and the startup scene in Asker.</p>",
    },
}

# Tag slugs are set here so Norwegian letters do not vanish from the addresses.
TAGS = {
    "Gründerhuset": "grunderhuset",
    "Sirkulær økonomi": "sirkular-okonomi",
    "Arrangementer": "arrangementer",
    "Partnere": "partnere",
    "Reiseliv og opplevelser": "reiseliv-og-opplevelser",
    "Næringsutvikling": "naeringsutvikling",
    "The house": "the-house",
    "Circular economy": "circular-economy",
    "Events": "events",
    "Partners": "partners",
    "Tourism and experiences": "tourism-and-experiences",
    "Business development": "business-development",
}

NEWS = [
    {
        "slug": "re-grunderhus-apner-i-asker-sentrum",
        "en_slug": "re-grunderhus-opens-in-asker",
        "days_ago": 3,
        "colour": (11, 93, 59),
        "nb": {
            "title": "RE Gründerhus åpner i Asker sentrum",
            "intro": (
                "Huset har plass til 60 gründere under veiledning, og de første plassene er "
                "allerede tildelt."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Etter et år med planlegging står RE Gründerhus klart i Asker sentrum. "
                        "Huset tilbyr arbeidsplasser, møterom og faglig veiledning til 60 "
                        "gründere i tidlig fase.</p>"
                    ),
                ),
                ("heading", "Veiledning fra dag én"),
                (
                    "paragraph",
                    (
                        "<p>Alle som får plass, får en fast mentor og tilgang til husets "
                        "kursrekke om forretningsmodell, finansiering og salg.</p>"
                    ),
                ),
                ("quote", "Vi vil gjøre det enklere å starte og vokse i Asker."),
            ],
            "tags": ["Gründerhuset", "Næringsutvikling"],
            "image": "Illustrasjon: Åpningen av RE Gründerhus",
        },
        "en": {
            "title": "RE Gründerhus opens in Asker town centre",
            "intro": (
                "The house has room for 60 entrepreneurs under guidance, and the first desks "
                "have already been allocated."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>After a year of planning, RE Gründerhus is ready in Asker town centre. "
                        "The house offers desks, meeting rooms and guidance to 60 early-stage "
                        "entrepreneurs.</p>"
                    ),
                ),
                ("heading", "Guidance from day one"),
                (
                    "paragraph",
                    (
                        "<p>Everyone who gets a seat is given a mentor and access to the house's "
                        "course series on business models, funding and sales.</p>"
                    ),
                ),
                ("quote", "We want to make it easier to start and grow a business in Asker."),
            ],
            "tags": ["The house", "Business development"],
            "image": "Illustration: The opening of RE Gründerhus",
        },
    },
    {
        "slug": "den-store-sirkularkonferansen",
        "en_slug": "the-great-circular-conference",
        "days_ago": 10,
        "colour": (8, 63, 40),
        "nb": {
            "title": "Den Store Sirkulærkonferansen kommer til Asker 24.–25. mai",
            "intro": (
                "To dager om sirkulær økonomi i praksis, arrangert sammen med Circular Norway "
                "og Norsk Senter for Sirkulær Økonomi."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Den Store Sirkulærkonferansen er en nasjonal møteplass for bedrifter, "
                        "forskere og offentlig sektor som vil ta sirkulær økonomi fra strategi "
                        "til drift.</p>"
                    ),
                ),
                ("heading", "Program"),
                (
                    "paragraph",
                    (
                        "<p>Første dag handler om sirkulære forretningsmodeller, andre dag om "
                        "innkjøp og samarbeid mellom kommune og næringsliv. Gründerne i huset "
                        "presenterer egne løsninger i en egen utstilling.</p>"
                    ),
                ),
            ],
            "tags": ["Sirkulær økonomi", "Arrangementer"],
            "image": "Illustrasjon: Den Store Sirkulærkonferansen",
        },
        "en": {
            "title": "The Great Circular Conference comes to Asker on 24–25 May",
            "intro": (
                "Two days on the circular economy in practice, organised with Circular Norway "
                "and the Norwegian Centre for Circular Economy."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Den Store Sirkulærkonferansen is a national meeting place for "
                        "companies, researchers and the public sector who want to move the "
                        "circular economy from strategy to daily operations.</p>"
                    ),
                ),
                ("heading", "Programme"),
                (
                    "paragraph",
                    (
                        "<p>Day one covers circular business models, day two public procurement "
                        "and cooperation between the municipality and business. Entrepreneurs "
                        "from the house show their own solutions in an exhibition.</p>"
                    ),
                ),
            ],
            "tags": ["Circular economy", "Events"],
            "image": "Illustration: The Great Circular Conference",
        },
    },
    {
        "slug": "partneravtaler-med-lokale-kompetansemiljoer",
        "en_slug": "partner-agreements-with-local-competence-environments",
        "days_ago": 17,
        "colour": (40, 70, 110),
        "nb": {
            "title": "Partneravtaler med lokale kompetansemiljøer",
            "intro": (
                "Asker Næringsforening, Bærum Næringsråd og flere klynger blir med som "
                "partnere i huset."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Partnerne stiller med fagfolk, nettverk og møteplasser. Gründerne i "
                        "huset får dermed kortere vei til kunder, investorer og erfarne "
                        "ledere i regionen.</p>"
                    ),
                ),
                (
                    "paragraph",
                    (
                        "<p>Avtalene gjelder i første omgang i tre år, med faste "
                        "frokostmøter og åpne kontortimer i huset.</p>"
                    ),
                ),
            ],
            "tags": ["Partnere", "Næringsutvikling"],
            "image": "Illustrasjon: Partnere i RE Gründerhus",
        },
        "en": {
            "title": "Partner agreements with local competence environments",
            "intro": (
                "Asker Næringsforening, Bærum Næringsråd and several clusters join the house "
                "as partners."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>The partners bring experts, networks and meeting places. The "
                        "entrepreneurs in the house get a shorter path to customers, investors "
                        "and experienced leaders in the region.</p>"
                    ),
                ),
                (
                    "paragraph",
                    (
                        "<p>The agreements run for three years to begin with, with regular "
                        "breakfast meetings and open office hours in the house.</p>"
                    ),
                ),
            ],
            "tags": ["Partners", "Business development"],
            "image": "Illustration: Partners of RE Gründerhus",
        },
    },
    {
        "slug": "handlingsplan-for-reiseliv-og-opplevelsesnaeringer",
        "en_slug": "action-plan-for-tourism-and-experience-industries",
        "days_ago": 24,
        "colour": (120, 60, 20),
        "nb": {
            "title": "Kommunen legger fram handlingsplan for reiseliv og opplevelser",
            "intro": (
                "Handlingsplanen peker på gründerhuset som en arena for nye bedrifter innen "
                "reiseliv og opplevelsesnæringer."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Asker kommunes handlingsplan for reiseliv og opplevelsesnæringer skal "
                        "gi flere besøkende, lengre opphold og flere helårsarbeidsplasser.</p>"
                    ),
                ),
                (
                    "paragraph",
                    (
                        "<p>I huset blir det et eget løp for gründere innen opplevelser, mat og "
                        "kultur, med mentorer fra reiselivet.</p>"
                    ),
                ),
            ],
            "tags": ["Reiseliv og opplevelser", "Næringsutvikling"],
            "image": "Illustrasjon: Reiseliv og opplevelser i Asker",
        },
        "en": {
            "title": "The municipality presents an action plan for tourism and experiences",
            "intro": (
                "The action plan points to the startup house as an arena for new companies in "
                "tourism and the experience industries."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Asker municipality's action plan for tourism and experience industries "
                        "aims for more visitors, longer stays and more year-round jobs.</p>"
                    ),
                ),
                (
                    "paragraph",
                    (
                        "<p>The house will run a dedicated track for entrepreneurs in experiences, "
                        "food and culture, with mentors from the tourism industry.</p>"
                    ),
                ),
            ],
            "tags": ["Tourism and experiences", "Business development"],
            "image": "Illustration: Tourism and experiences in Asker",
        },
    },
    {
        "slug": "flere-oppstartsbedrifter-etablerer-seg-i-asker",
        "en_slug": "more-startups-settle-in-asker",
        "days_ago": 31,
        "colour": (70, 50, 110),
        "nb": {
            "title": "Flere oppstartsbedrifter etablerer seg i Asker",
            "intro": (
                "Nye tall viser at flere nyetablerte bedrifter velger Asker – og at de skaper "
                "lokale arbeidsplasser."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Antallet nyetableringer i kommunen har økt, og flere av bedriftene "
                        "ansetter sine første medarbeidere lokalt.</p>"
                    ),
                ),
                (
                    "paragraph",
                    (
                        "<p>Gründerhuset skal bidra til at flere av dem overlever de første "
                        "årene gjennom veiledning, nettverk og gode arbeidsplasser.</p>"
                    ),
                ),
            ],
            "tags": ["Næringsutvikling"],
            "image": "Illustrasjon: Nye bedrifter i Asker",
        },
        "en": {
            "title": "More startups settle in Asker",
            "intro": (
                "New figures show that more new companies choose Asker – and that they create "
                "local jobs."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>The number of new companies in the municipality has grown, and several "
                        "of them hire their first employees locally.</p>"
                    ),
                ),
                (
                    "paragraph",
                    (
                        "<p>The startup house will help more of them through their first years "
                        "with guidance, networks and good places to work.</p>"
                    ),
                ),
            ],
            "tags": ["Business development"],
            "image": "Illustration: New companies in Asker",
        },
    },
    {
        "slug": "sosiale-entreprenorer-far-egne-plasser",
        "en_slug": "social-entrepreneurs-get-their-own-seats",
        "days_ago": 38,
        "colour": (20, 90, 100),
        "nb": {
            "title": "Sosiale entreprenører får egne plasser i huset",
            "intro": (
                "Ti av de 60 plassene settes av til gründere som løser sosiale og miljømessige "
                "utfordringer."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Sosialt entreprenørskap er en del av kommunens næringsplan. Plassene "
                        "lyses ut to ganger i året, og søknadene vurderes av husets stab og "
                        "partnere.</p>"
                    ),
                ),
            ],
            "tags": ["Gründerhuset", "Sirkulær økonomi"],
            "image": "Illustrasjon: Sosialt entreprenørskap",
        },
        "en": {
            "title": "Social entrepreneurs get their own seats in the house",
            "intro": (
                "Ten of the 60 seats are set aside for entrepreneurs who tackle social and "
                "environmental challenges."
            ),
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Social entrepreneurship is part of the municipality's business plan. "
                        "The seats are announced twice a year, and applications are assessed by "
                        "the house's staff and partners.</p>"
                    ),
                ),
            ],
            "tags": ["The house", "Circular economy"],
            "image": "Illustration: Social entrepreneurship",
        },
    },
]

STANDARD_PAGES = [
    {
        "slug": "om-huset",
        "en_slug": "about-the-house",
        "nb": {
            "title": "Om huset",
            "intro": "RE Gründerhus er et gründerhus i Asker sentrum med plass til 60 gründere.",
            "body": [
                (
                    "paragraph",
                    (
                        "<p>Huset drives med støtte fra Asker kommune som en del av kommunens "
                        "næringsplan: flere lokale arbeidsplasser, flere oppstartsbedrifter som "
                        "etablerer seg i Asker, sirkulær økonomi, reiseliv og opplevelser og "
                        "sosialt entreprenørskap.</p>"
                    ),
                ),
                ("heading", "Hva du får"),
                (
                    "paragraph",
                    (
                        "<ul><li>En fast arbeidsplass i et åpent kontorlandskap</li>"
                        "<li>En mentor som følger deg gjennom oppstarten</li>"
                        "<li>Kurs, arrangementer og et nettverk av partnere</li></ul>"
                    ),
                ),
            ],
        },
        "en": {
            "title": "About the house",
            "intro": "RE Gründerhus is a startup house in Asker town centre with room for 60.",
            "body": [
                (
                    "paragraph",
                    (
                        "<p>The house is run with support from Asker municipality as part of its "
                        "business plan: more local jobs, more startups settling in Asker, the "
                        "circular economy, tourism and experiences, and social "
                        "entrepreneurship.</p>"
                    ),
                ),
                ("heading", "What you get"),
                (
                    "paragraph",
                    (
                        "<ul><li>A desk of your own in an open-plan office</li>"
                        "<li>A mentor who follows you through the start-up phase</li>"
                        "<li>Courses, events and a network of partners</li></ul>"
                    ),
                ),
            ],
        },
    },
    {
        "slug": "partnere",
        "en_slug": "partners",
        "nb": {
            "title": "Partnere",
            "intro": "Huset samarbeider med lokale kompetansemiljøer og klynger.",
            "body": [
                (
                    "paragraph",
                    (
                        "<ul><li>Asker Næringsforening</li><li>Bærum Næringsråd</li>"
                        "<li>Circular Norway</li><li>Norsk Senter for Sirkulær Økonomi</li>"
                        "<li>Regionale næringsklynger</li></ul>"
                    ),
                ),
                ("paragraph", ("<p>Vil din organisasjon bli partner? Ta kontakt med oss.</p>")),
            ],
        },
        "en": {
            "title": "Partners",
            "intro": "The house works with local competence environments and clusters.",
            "body": [
                (
                    "paragraph",
                    (
                        "<ul><li>Asker Næringsforening</li><li>Bærum Næringsråd</li>"
                        "<li>Circular Norway</li><li>Norsk Senter for Sirkulær Økonomi</li>"
                        "<li>Regional business clusters</li></ul>"
                    ),
                ),
                (
                    "paragraph",
                    ("<p>Would your organisation like to become a partner? Get in touch.</p>"),
                ),
            ],
        },
    },
    {
        "slug": "kontakt",
        "en_slug": "contact",
        "nb": {
            "title": "Kontakt",
            "intro": "Vi holder til i Asker sentrum. Velkommen innom!",
            "body": [
                (
                    "paragraph",
                    (
                        '<p>E-post: <a href="mailto:post@grunderhus.no">post@grunderhus.no</a>'
                        "</p><p>Besøksadresse: Asker sentrum, 1384 Asker</p>"
                        "<p>Huset er betjent hverdager 09.00–15.00.</p>"
                    ),
                ),
            ],
        },
        "en": {
            "title": "Contact",
            "intro": "We are in Asker town centre. Drop by!",
            "body": [
                (
                    "paragraph",
                    (
                        '<p>E-mail: <a href="mailto:post@grunderhus.no">post@grunderhus.no</a>'
                        "</p><p>Visiting address: Asker sentrum, 1384 Asker</p>"
                        "<p>The house is staffed on weekdays 09:00–15:00.</p>"
                    ),
                ),
            ],
        },
    },
]

DEMO_PASSWORD = "Asker-demo-2026"

USERS = [
    # (e-mail, full name, role or None, superuser, language). Only the staff login is made with
    # its role; the staff login then grants mentor and editor (ROLE_REASONS), and the member
    # becomes one by holding a desk (community.demo).
    ("entreprenor@demo.grunderhus.no", "Ingrid Gründer", "entrepreneur", False, "nb"),
    ("mentor@demo.grunderhus.no", "Per Mentor", "mentor", False, "nb"),
    ("stab@demo.grunderhus.no", "Siri Stab", "staff", False, "nb"),
    ("redaktor@demo.grunderhus.no", "Rolf Redaktør", "editor", False, "nb"),
    ("admin@demo.grunderhus.no", "Ada Admin", None, True, "en"),
]

# Why staff granted each demo login its role (the role change log shows it).
ROLE_REASONS = {
    "mentor": "Mentor fra Asker Næringsforening, med i mentorordningen fra i år.",
    "editor": "Skriver nyheter og holder sidene om huset oppdatert.",
}
