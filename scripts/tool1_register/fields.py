"""Years, funding, activity codes, titles and notes of every activity, and the withdrawn activities."""

from __future__ import annotations

import random

from ascc_analysis.data.taxonomy import Taxonomy

from .design import Activity
from .judgement import FIRST_YEAR, FUNDING_AFFINITY, FUNDING_ORDER, LAST_YEAR, TYPE_AFFINITY, TYPE_ORDER
from .references import Codes

TOPICS = {
    # (Characteristics the topic suits, "" = any; noun phrase that reads after "on").
    "ACCSM": [
        ("A", "civil service competency frameworks"), ("E", "e-government and digital public services"),
        ("E", "public sector innovation"), ("A", "public service ethics and integrity"),
        ("A", "civil service leadership development"), ("", "human resource management in the civil service"),
        ("A", "public sector performance management"), ("", "the programmes of the ASEAN Resource Centres"),
        ("B", "gender mainstreaming in the civil service"), ("A", "citizen-centred public service delivery"),
        ("E", "a future-ready civil service"), ("B", "merit-based recruitment and diversity in the civil service"),
    ],
    "ACDM": [
        ("D", "disaster risk assessment"), ("D", "regional disaster emergency response simulation exercises"),
        ("D", "emergency response and assessment team deployment"), ("D", "disaster emergency logistics"),
        ("D", "school safety and disaster risk reduction"), ("D", "disaster risk financing and insurance"),
        ("A", "community-based disaster risk management"), ("D", "post-disaster recovery and reconstruction"),
        ("D", "disaster monitoring and early warning"), ("D", "humanitarian civil-military coordination"),
        ("", "the AADMER Work Programme"), ("C", "disaster risk reduction in urban areas"),
        ("E", "a network of disaster management training institutes"), ("C", "climate-related disaster risk reduction"),
        ("B", "disability-inclusive disaster management"), ("E", "disaster management knowledge sharing"),
        ("C", "ecosystem-based approaches to disaster risk reduction"),
        ("A", "public awareness of disaster preparedness"),
    ],
    "ACW": [
        ("B", "women's economic empowerment"), ("A", "gender mainstreaming in ASEAN sectoral work"),
        ("B", "women, peace and security"), ("B", "elimination of violence against women"),
        ("", "gender statistics"), ("A", "women's leadership in the public sector"),
        ("E", "women entrepreneurs and micro-enterprises"), ("A", "gender-responsive budgeting"),
        ("E", "women in science, technology, engineering and mathematics"),
        ("D", "gender-responsive social protection"),
        ("D", "the role of women in disaster resilience"), ("B", "women's access to justice"),
    ],
    "ACWC": [
        ("B", "the rights of women and children"), ("B", "elimination of violence against children"),
        ("B", "trafficking in women and children"), ("D", "child protection systems"),
        ("B", "universal birth registration"), ("D", "children in situations of emergency"),
        ("B", "the rights of children with disabilities"), ("", "online child sexual exploitation and abuse"),
        ("B", "child-friendly juvenile justice"), ("A", "a rights-based approach to child care"),
        ("A", "engagement of children and youth in ASEAN processes"),
        ("E", "children's rights in the digital environment"),
    ],
    "ASOEN": [
        ("C", "conservation of ASEAN Heritage Parks"), ("C", "biodiversity mainstreaming in development planning"),
        ("C", "access to genetic resources and benefit-sharing"), ("C", "management of invasive alien species"),
        ("C", "sustainable management of peatlands"), ("C", "coastal and marine environment protection"),
        ("C", "reduction of marine debris"), ("C", "integrated water resources management"),
        ("C", "environmentally sustainable cities"), ("C", "clean air and clean land in ASEAN cities"),
        ("C", "sustainable consumption and production"), ("C", "green public procurement"),
        ("C", "chemicals and hazardous waste management"), ("C", "eco-labelling of products and services"),
        ("C", "implementation of Nationally Determined Contributions"), ("C", "low-carbon urban development"),
        ("C", "environmental impact assessment practice"), ("C", "wetland and mangrove conservation"),
        ("D", "climate change adaptation in vulnerable communities"), ("D", "ecosystem-based disaster risk reduction"),
        ("D", "climate risk and vulnerability assessment"), ("D", "flood and drought resilience of river basins"),
        ("D", "coastal resilience to sea-level rise"), ("D", "access to climate finance for adaptation"),
        ("D", "nature-based solutions for climate resilience"), ("D", "water security in times of drought"),
        ("E", "environmental education in schools"), ("E", "eco-schools in ASEAN"),
        ("E", "green technology and innovation"), ("E", "environmental data and information sharing"),
        ("E", "recognition schemes for environmentally sustainable cities"),
        ("E", "citizen science for biodiversity monitoring"),
        ("E", "circular economy business models"), ("E", "environmental knowledge management"),
        ("E", "biodiversity champions and role models"), ("E", "smart and green urban solutions"),
        ("E", "youth leadership in environmental protection"), ("E", "environmental accounting and statistics"),
        ("A", "public participation in environmental decision-making"),
        ("A", "civil society engagement in environmental management"),
        ("B", "access to safe drinking water and sanitation"), ("B", "environmental health of poor urban communities"),
    ],
    "COP-AATHP": [
        ("C", "peatland fire prevention"), ("C", "haze monitoring and early warning"),
        ("C", "fire danger rating systems"),
        ("", "the Roadmap on ASEAN Cooperation towards Transboundary Haze Pollution Control"),
        ("C", "zero-burning land clearing practices"), ("A", "community-based fire prevention"),
        ("C", "sustainable peatland management"), ("E", "hotspot monitoring and satellite data sharing"),
        ("C", "firefighting and fire suppression capacity"), ("C", "enforcement against illegal land clearing by fire"),
        ("C", "air quality monitoring"), ("C", "peatland restoration"),
        ("C", "the ASEAN Peatland Management Strategy"), ("E", "haze-related research and data exchange"),
        ("A", "public awareness of transboundary haze"), ("C", "peat fire emission inventories"),
    ],
    "SOMHD": [
        ("D", "strengthening laboratory capacity for emerging infectious diseases"),
        ("B", "prevention and control of non-communicable diseases"), ("B", "maternal and child health"),
        ("B", "universal health coverage"), ("A", "tobacco control"), ("A", "mental health promotion"),
        ("B", "healthy ageing"), ("D", "antimicrobial resistance"), ("E", "food safety"),
        ("D", "HIV and AIDS prevention"), ("D", "drug demand reduction in the health sector"),
        ("D", "pandemic preparedness and response"), ("B", "health of migrant workers"),
        ("E", "traditional medicine"), ("B", "nutrition and the reduction of stunting"),
        ("C", "environmental health and health impact assessment"), ("D", "rabies elimination"),
        ("D", "dengue prevention and control"), ("E", "pharmaceutical development"),
        ("E", "health workforce development"), ("A", "healthy lifestyles and physical activity"),
        ("A", "road safety"), ("D", "risk communication in public health emergencies"),
        ("E", "vaccine security and self-reliance"), ("E", "digital health information systems"),
        ("C", "climate change and health"), ("C", "healthy cities"), ("B", "health care for persons with disabilities"),
        ("A", "community mobilisation against dengue"), ("E", "health research networks"),
    ],
    "SLOM": [
        ("", "occupational safety and health"), ("B", "protection of migrant workers"),
        ("E", "skills development and TVET"), ("", "labour inspection"),
        ("D", "social security coverage for informal workers"), ("C", "green jobs"),
        ("A", "industrial relations and social dialogue"), ("B", "decent work for domestic workers"),
        ("E", "labour market information"), ("E", "youth employment"), ("E", "the future of work and digitalisation"),
        ("B", "gender equality in the workplace"), ("B", "elimination of child labour"),
        ("C", "occupational safety and health in green industries"), ("D", "unemployment protection"),
    ],
    "SOM-ED": [
        ("E", "technical and vocational education and training"), ("C", "education for sustainable development"),
        ("B", "inclusive education for children with disabilities"), ("B", "out-of-school children and youth"),
        ("E", "higher education quality assurance"), ("E", "student mobility and credit transfer"),
        ("", "teacher professional development"), ("A", "ASEAN awareness in school curricula"),
        ("B", "early childhood care and education"), ("E", "digital literacy in schools"),
        ("D", "school safety"), ("A", "the ASEAN Curriculum Sourcebook"),
        ("E", "science and mathematics education"), ("C", "eco-schools and climate education"),
        ("A", "ASEAN studies in higher education"), ("B", "second-chance education"),
    ],
    "SOMSWD": [
        ("B", "community-based care for older persons"), ("B", "rights of persons with disabilities"),
        ("D", "social protection for vulnerable groups"), ("B", "elimination of violence against children"),
        ("", "the social work workforce"), ("A", "family development"),
        ("B", "poverty-focused social assistance"), ("B", "disability-inclusive development"),
        ("B", "alternative care for children"), ("D", "psychosocial support in emergencies"),
        ("D", "adaptive social protection"), ("E", "innovation in social services"),
        ("A", "volunteerism in social welfare"), ("B", "long-term care for older persons"),
    ],
    "SOMY": [
        ("A", "youth volunteerism"), ("E", "youth entrepreneurship"), ("A", "youth leadership"),
        ("D", "youth participation in disaster risk reduction"), ("", "the ASEAN Youth Development Index"),
        ("E", "youth employability and skills"), ("C", "youth engagement in climate action"),
        ("A", "regional youth volunteer exchanges"), ("B", "youth mental health and well-being"),
        ("E", "youth digital citizenship"), ("A", "youth and ASEAN identity"),
        ("D", "youth in community resilience"), ("C", "youth-led environmental initiatives"),
        ("B", "youth with disabilities"), ("D", "youth and drug abuse prevention"),
    ],
    "SOMRDPE": [
        ("E", "rural livelihoods and community enterprises"), ("E", "One Village One Product development"),
        ("B", "poverty measurement and monitoring"), ("B", "rural infrastructure"),
        ("D", "climate-resilient rural communities"), ("B", "smallholder farmers' access to markets"),
        ("B", "rural women's economic empowerment"), ("A", "community-driven development"),
        ("B", "microfinance for the rural poor"),
        ("", "the ASEAN Framework Action Plan on Rural Development and Poverty Eradication"),
        ("D", "household food security"), ("D", "rural disaster resilience"), ("C", "sustainable rural land use"),
        ("C", "green village development"), ("A", "local government capacity for poverty reduction"),
    ],
    "SOMCA": [
        ("A", "ASEAN cultural heritage"), ("E", "creative industries"), ("A", "cultural cities and creative hubs"),
        ("A", "traditional performing arts"), ("", "safeguarding intangible cultural heritage"),
        ("E", "museum cooperation"), ("E", "film and audiovisual co-production"),
        ("C", "conservation of cultural heritage sites"), ("A", "ASEAN cultural identity"),
        ("", "cultural mapping"), ("E", "cultural industries and crafts"), ("B", "arts education for all"),
        ("C", "cultural landscapes and sustainable tourism"), ("A", "cultural exchanges among Member States"),
    ],
    "SOMRI": [
        ("A", "the ASEAN Communication Master Plan"), ("E", "media literacy"), ("E", "digital broadcasting"),
        ("E", "countering fake news"), ("A", "ASEAN identity in media content"), ("A", "journalist exchange"),
        ("E", "ASEAN news exchange"),
        ("A", "people's awareness of the ASEAN Community"),
        ("B", "community information centres"),
        ("E", "social media engagement"), ("B", "information access for rural audiences"),
        ("C", "environmental journalism"),
        ("C", "climate change communication"),
        ("A", "ASEAN-themed broadcast programmes"),
    ],
    "SOMS": [
        ("B", "sports for development"), ("A", "para sports development"), ("", "anti-doping"),
        ("A", "grassroots sports"), ("E", "sports science and medicine"), ("B", "physical activity for all"),
        ("A", "traditional sports and games"), ("B", "sports for persons with disabilities"),
        ("E", "sports management and coaching"),
        ("E", "sports integrity"),
        ("A", "sport for healthy and active communities"),
    ],
}

TYPE_TEMPLATES = {
    "capacity_building": [
        "Regional workshop on {t}", "Training of trainers on {t}", "Capacity-building programme on {t}",
        "Regional training course on {t}", "Technical workshop on {t}", "Study visit and peer learning on {t}",
    ],
    "research_publication": [
        "Regional study on {t}", "ASEAN report on {t}", "Assessment report on {t}",
        "Compendium of good practices on {t}", "Research project on {t}", "Policy brief series on {t}",
    ],
    "public_outreach": [
        "Regional awareness campaign on {t}", "ASEAN forum on {t}", "Regional conference on {t}",
        "Public exhibition and media campaign on {t}", "Celebration and advocacy event on {t}",
        "Multi-stakeholder dialogue on {t}",
    ],
    "policy_formulation": [
        "Development of regional guidelines on {t}", "ASEAN regional framework on {t}",
        "Regional action plan on {t}", "Formulation of a regional strategy on {t}",
        "Review and update of the ASEAN work plan on {t}", "Regional policy recommendations on {t}",
    ],
    "groundwork": [
        "Scoping study on {t}", "Mapping of national programmes on {t}", "Baseline survey on {t}",
        "Establishment of a regional network on {t}", "Needs assessment on {t}",
        "Setting up a regional database on {t}",
    ],
}
TITLE_QUALIFIERS = (" (phase II)", " (second edition)", " (follow-up)", " (phase III)")

PARTNERS = ("the Japan-ASEAN Integration Fund (JAIF)", "the ASEAN-Korea Cooperation Fund", "the EU",
            "Australia", "UNICEF", "WHO", "ILO", "UNDP", "GIZ", "USAID", "the ASEAN-China Cooperation Fund")
NOTES = {
    "completed": ("Outcome report circulated to AMS", "Report noted by the {min}", "Held back to back with the SOM",
                  "Endorsed by the {min}"),
    "ongoing": ("Multi-year; annual progress reported", "Second phase under implementation",
                "Delayed by COVID-19 restrictions", "Moved to virtual format"),
    "upcoming": ("Pending funding approval", "Postponed due to COVID-19", "Concept note under preparation",
                 "Lead country to be confirmed"),
    "withdrawn": ("Funding not secured", "Covered by national programmes"),
}


def assign_years(rng: random.Random, act: Activity, year: int) -> None:
    """Start and end years consistent with the status as of the reporting year.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    act : Activity
        The activity (its ``start`` and ``end`` are set).
    year : int
        The reporting year.
    """
    if act.status == "completed":
        ends = range(FIRST_YEAR, year + 1)
        act.end = rng.choices(ends, range(1, len(ends) + 1))[0]
        act.start = max(FIRST_YEAR, act.end - rng.choice((0, 0, 0, 1, 1, 2)))
    elif act.status == "ongoing":
        act.start = rng.randint(FIRST_YEAR, year)
        act.end = min(LAST_YEAR, max(year, act.start + rng.choice((1, 2, 3, 4, 5))))
    elif act.status == "upcoming":
        starts = range(year, LAST_YEAR)
        act.start = rng.choices(starts, range(len(starts), 0, -1))[0]
        act.end = min(LAST_YEAR, act.start + rng.choice((0, 1, 1, 2)))
    else:
        act.start = rng.randint(FIRST_YEAR + 1, year)
        act.end = min(LAST_YEAR, act.start + rng.choice((0, 1, 1, 2)))


def assign_codes(rng: random.Random, acts: list[Activity]) -> None:
    """Activity codes ``BODY-YEAR-NNN``, numbered per body in start-year order.

    Parameters
    ----------
    rng : random.Random
        The seeded generator (breaks ties within a start year).
    acts : list of Activity
        Every activity, with years assigned.
    """
    for body in dict.fromkeys(a.body for a in acts):
        own = [a for a in acts if a.body == body]
        keys = {id(a): rng.random() for a in own}
        for seq, act in enumerate(sorted(own, key=lambda a: (a.start, keys[id(a)])), start=1):
            act.code = f"{body}-{act.start}-{seq:03d}"


def assign_title(rng: random.Random, act: Activity, used: set[str], lookup: Codes) -> None:
    """A work-plan style title from the body's topics and the type's phrasing, unique in the body.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    act : Activity
        The activity (its ``title`` is set).
    used : set of str
        Titles already given in the body; the new one is added.
    lookup : Codes
        Characteristic of the first reference, which picks the topics.
    """
    char = lookup.char_of[act.refs[0]]
    topics = [t for tags, t in TOPICS[act.body] if not tags or char in tags]
    templates = TYPE_TEMPLATES[act.activity_type]
    for _ in range(40):
        title = rng.choice(templates).format(t=rng.choice(topics))
        if title not in used:
            break
    else:
        pairs = [tpl.format(t=t) + q for q in ("",) + TITLE_QUALIFIERS for tpl in templates
                 for _, t in TOPICS[act.body]]
        title = next(p for p in pairs if p not in used)
    used.add(title)
    act.title = title[0].upper() + title[1:]


def assign_notes(rng: random.Random, act: Activity, ministerial: str) -> None:
    """An occasional short note (about one row in five).

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    act : Activity
        The activity (its ``notes`` may be set).
    ministerial : str
        Short name of the body's ministerial body, named in some notes.
    """
    if act.funding == "external_partners" and rng.random() < 0.25:
        act.notes = f"Supported by {rng.choice(PARTNERS)}"
    elif rng.random() < 0.15 or act.status == "withdrawn":
        act.notes = rng.choice(NOTES[act.status]).format(min=ministerial)


def withdrawn_activities(rng: random.Random, matrix: dict[str, dict[str, int]], sizes: dict[str, int], n: int,
                         codes: list[str]) -> list[Activity]:
    """Withdrawn activities: bodies drawn by size, Characteristics only where the body has activities.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    matrix : dict
        ``matrix[body][char]`` of the design.
    sizes : dict
        Assessed activities per body.
    n : int
        Number of withdrawn activities.
    codes : list of str
        Characteristic letters in bit order.

    Returns
    -------
    list of Activity
        Activities with status ``withdrawn``, a type and Characteristic memberships.
    """
    bodies = list(sizes)
    picked = rng.choices(bodies, [sizes[b] for b in bodies], k=n)
    acts = []
    for body in picked:
        allowed = [c for c in codes if matrix[body][c] > 0]
        chosen = rng.sample(allowed, rng.choice((1, 1, 2)))
        mask = sum(1 << codes.index(c) for c in chosen)
        act = Activity(body, mask, status="withdrawn")
        act.activity_type = rng.choices(TYPE_ORDER, TYPE_AFFINITY[body])[0]
        acts.append(act)
    return acts


def fill_fields(rng: random.Random, acts: list[Activity], tax: Taxonomy, lookup: Codes, year: int) -> None:
    """Fill years, funding, codes, titles and notes; mark every other withdrawn activity as merged.

    Parameters
    ----------
    rng : random.Random
        The seeded generator.
    acts : list of Activity
        Every activity (assessed and withdrawn) with status, type and references.
    tax : Taxonomy
        Sectoral bodies and their ministerial bodies (named in notes).
    lookup : Codes
        Characteristic of each reference (chooses the title topic).
    year : int
        The reporting year.
    """
    ministerial = dict(zip(tax.sectoral_bodies["acronym"], tax.sectoral_bodies["ministerial_body"]))
    for act in acts:
        assign_years(rng, act, year)
        act.funding = rng.choices(FUNDING_ORDER, FUNDING_AFFINITY[act.body])[0]
    assign_codes(rng, acts)
    used: dict[str, set[str]] = {}
    for act in acts:
        assign_title(rng, act, used.setdefault(act.body, set()), lookup)
        assign_notes(rng, act, ministerial[act.body].split(" ")[0])
    for act in [a for a in acts if a.status == "withdrawn"][::2]:
        others = [a for a in acts if a.body == act.body and a is not act and a.status != "withdrawn"]
        act.merged, act.notes = True, f"Merged into {rng.choice(others).code}"
