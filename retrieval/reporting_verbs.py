"""Word lists for quote extraction and speaker attribution.

Kept apart from the rules so the lexicons can grow without touching the logic. All entries are
lower-case; lookups lower-case the token first.
"""

from __future__ import annotations


def _inflect(lemmas: str) -> dict[str, str]:
    """Map every regular inflection of each lemma ("say|said") to its lemma.

    An entry "x|y|z" lists the lemma followed by its irregular forms.
    """
    forms: dict[str, str] = {}
    for entry in lemmas.split():
        lemma, *irregular = entry.split("|")
        stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma
        es = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            es = lemma[:-1] + "ies"
        regular = [lemma, es, stem + "ing"]
        if not irregular:
            past = lemma + "d" if lemma.endswith("e") else lemma + "ed"
            if lemma.endswith("y") and lemma[-2] not in "aeiou":
                past = lemma[:-1] + "ied"
            regular.append(past)
        for form in [*regular, *irregular]:
            forms[form] = lemma
    return forms


# Verbs whose complement is a content clause, with or without "that" ("said Moscow is ...").
CLAUSE_VERBS = _inflect(
    "say|said tell|told add state stress underscore emphasise emphasize mention note observe "
    "comment explain claim assert insist argue warn reveal report confirm believe write|wrote|written "
    "tweet reply conclude acknowledge admit|admitted|admitting agree declare reiterate respond predict estimate "
    "promise maintain contend allege concede indicate testify|testified recall "
    "continue point caution hope accept announce recommend"
)
# Verbs that need "that"/a wh-word/a quotation to count as a report ("announced the start of ..."
# is narration, not a quote).
THAT_ONLY = frozenset(
    """
    announce mention note observe reveal report confirm indicate accept hope continue point
    recall agree recommend
    """.split()
)
# Verbs whose bare complement is almost always a clause ("said the results confirm ...").
LENIENT = frozenset(
    """
    say tell add state claim insist argue believe warn explain write assert reply stress
    contend
    """.split()
)
# Nouns after a possessive that make the possessor a modifier, not the speaker ("Thomas' sister").
KIN = frozenset(
    """
    sister brother mother father wife husband son daughter family parents friend lawyer
    attorney spokesman spokeswoman spokesperson coach president minister secretary chief
    head
    """.split()
)
# Verbs that take the addressee as object before the content ("told TASS that ...").
ADDRESSEE_VERBS = frozenset({"tell", "warn", "assure", "inform", "remind", "ask", "urge", "plead"})
# Verbs whose content is an infinitive or an indirect question ("asked X to help ...").
REQUEST_VERBS = _inflect("ask urge plead request demand")
# Verbs reporting with "as": "described X as Y" -> Y.
AS_VERBS = _inflect("describe characterize characterise")
# Verbs that only introduce a direct quotation ("The letter reads: ...", "They call for "...").
QUOTE_ONLY_VERBS = _inflect("read|read call cite quote defend")

ALL_CUES: dict[str, str] = {**QUOTE_ONLY_VERBS, **AS_VERBS, **REQUEST_VERBS, **CLAUSE_VERBS}
ALL_CUES.pop("reading", None)  # "reading" is nearly always the noun/activity

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "refused", "declined"})
AUXILIARIES = frozenset(
    """
    has have had is are was were will would can could should may might must did does do been
    be being shall
    """.split()
)
ADVERBS = frozenset(
    """
    also later then further again previously earlier recently once personally publicly
    separately repeatedly reportedly allegedly simply subsequently still already first
    finally too however now often had has have
    """.split()
)
FINITE_MARKERS = AUXILIARIES | frozenset({"'s", "won't", "can't", "isn't", "wasn't"})
RELATIVE_WORDS = frozenset({"that", "which", "who", "whom", "whose", "where", "when"})
WH_WORDS = frozenset({"how", "why", "whether", "if", "what", "who", "when", "where", "which"})

# Words that start an introductory adverbial ("Earlier on Monday, X said"), never a subject.
INTRO_WORDS = frozenset(
    """
    in on at after before during earlier later separately meanwhile however but and
    yesterday today also citing speaking discussing asked when while since although though
    as for of with by from to despite then instead similarly still finally previously
    overall last this next tomorrow allegedly reportedly once now so yet thus therefore
    moreover furthermore additionally according
    """.split()
)
PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
GROUP_PRONOUNS = frozenset({"it", "they"})
FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})

# Titles and honorifics that precede a name and are not part of it.
TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady professor president
    vice prime minister secretary senator sen. rep. representative governor gov. mayor
    ambassador general gen. major colonel col. captain capt. lieutenant admiral commander
    sergeant judge justice chancellor king queen prince princess pope cardinal bishop
    archbishop rabbi imam sheikh emir chairman chairwoman chair director administrator chief
    executive ceo cfo spokesman spokeswoman spokesperson head deputy foreign home interior
    defence defense finance health shadow attorney state emeritus associate assistant senior
    junior acting former first premier coach manager founder co-founder editor officer
    inspector superintendent detective constable councillor councilor congressman
    congresswoman mp mep qc sc reverend rev. father brother sister st. saint supreme leader
    speaker commissioner
    """.split()
)
# Head words of organisation names: a person's name never spans them ("Refugee Council Enver
# Solomon" -> "Enver Solomon").
ORG_HEADS = frozenset(
    """
    council university association agency department ministry office party relations center
    centre museum committee commission institute foundation company corporation corp. inc.
    inc ltd times news post herald journal gazette school district authority service
    services force forces army navy police court bank group union organisation organization
    board bureau team club society network television radio press station church hospital
    program programme project fund world house parliament government administration assembly
    congress senate embassy mission tribunal alliance league federation coalition movement
    front secretariat chamber city state states kingdom republic nations academy
    """.split()
)
# Informal names of groups and their ordinary form.
GROUP_ALIASES = {"feds": "federal government", "the feds": "federal government"}
# Capitalised words that are never (part of) a speaker's name.
NON_NAMES = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "i",
        "we",
        "you",
        "he",
        "she",
        "it",
        "they",
        "image",
        "photo",
        "file",
        "both",
        "all",
        "some",
        "many",
        "most",
        "one",
        "two",
        "three",
        "several",
        "other",
        "another",
        "each",
        "every",
        "no",
        "if",
        "not",
        "there",
        "here",
        "what",
        "who",
        "why",
        "how",
        "where",
        "when",
        "yes",
        "interview",
        "sources",
        "categories",
    }
    | INTRO_WORDS
)
# Lower-case nouns that can head a speaker NP ("officials said", "the ministry said").
GROUP_NOUNS = frozenset(
    """
    officials official police authorities researchers scientists experts analysts critics
    reports report study survey authors media sources source government ministry department
    agency spokesman spokeswoman spokesperson statement letter document results findings
    analysis feds residents witnesses organisers organizers company firm group court judge
    prosecutors lawyers lawyer attorney doctors teachers activists campaigners protesters
    leaders members party military army navy office council committee commission board union
    paper newspaper website blog post tweet article sister brother mother father wife
    husband son daughter family parents friend neighbour neighbor coach players fans
    students workers staff employees investigators observers diplomats people others
    organizations organisations administration white states countries nations
    """.split()
)
FEMALE_WORDS = frozenset(
    """
    ms ms. mrs mrs. miss lady dame queen princess spokeswoman chairwoman congresswoman
    sister mother wife daughter woman girl mary patricia jennifer linda elizabeth barbara
    susan jessica sarah karen nancy lisa margaret betty sandra ashley dorothy kimberly emily
    donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia
    kathleen amy shirley angela helen anna brenda pamela nicole emma samantha katherine
    christine debra rachel catherine carolyn janet ruth maria heather diane virginia julie
    joyce victoria olivia kelly christina lauren joan evelyn judith megan cheryl andrea
    hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice
    madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa
    sophia marie diana brittany natalie isabella charlotte rose alexis kayla hillary nicola
    priti liz jacinda kamala ursula fatima aisha olga irina natalia svetlana elena sofia
    ingrid greta
    """.split()
)
MALE_WORDS = frozenset(
    """
    mr mr. sir lord king prince spokesman chairman congressman brother father husband son
    man boy james john robert michael william david richard joseph thomas charles
    christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin
    brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan
    stephen larry justin scott brandon benjamin samuel gregory frank alexander raymond
    patrick jack dennis jerry tyler aaron jose adam henry nathan douglas zachary peter kyle
    walter ethan jeremy harold keith christian roger noah gerald carl terry sean austin
    arthur lawrence jesse dylan bryan joe jordan billy bruce albert willie gabriel logan
    alan juan wayne roy ralph randy eugene vincent russell elijah louis bobby philip johnny
    harry barack vladimir dmitry sergey sergei mohammad mohammed muhammad ahmed ali rishi
    boris colin jeff steve tom ken jim bill mike dan tony nick ben sam max simon xi emmanuel
    olaf recep volodymyr narendra kim
    """.split()
)

# Places (countries, capitals and other cities often used by metonymy, regions): a capitalised
# single-word speaker such as "Moscow" or "Russia" is a government, never a he/she antecedent.
_PLACE_NAMES = (
    "afghanistan albania algeria andorra angola argentina armenia australia austria "
    "azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan "
    "bolivia bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad "
    "chile china colombia comoros congo croatia cuba cyprus czechia denmark djibouti "
    "dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france gabon "
    "gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras "
    "hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan "
    "kazakhstan kenya kiribati korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho "
    "liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives "
    "mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro "
    "morocco mozambique myanmar burma namibia nauru nepal netherlands nicaragua niger "
    "nigeria macedonia norway oman pakistan palau palestine panama paraguay peru "
    "philippines poland portugal qatar romania russia rwanda samoa senegal serbia "
    "seychelles singapore slovakia slovenia somalia spain sudan suriname sweden "
    "switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey "
    "turkiye turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican "
    "venezuela vietnam yemen zambia zimbabwe britain england scotland wales america "
    "europe africa asia "
    # capitals and cities
    "kabul tirana algiers luanda yerevan canberra vienna baku manama dhaka minsk brussels "
    "sarajevo brasilia sofia ottawa santiago beijing bogota havana nicosia prague "
    "copenhagen cairo tallinn helsinki paris tbilisi berlin accra athens budapest "
    "reykjavik delhi jakarta tehran baghdad dublin jerusalem rome tokyo amman astana "
    "nairobi pristina bishkek riga beirut tripoli vilnius skopje valletta chisinau "
    "ulaanbaatar podgorica rabat naypyidaw kathmandu amsterdam wellington abuja "
    "pyongyang oslo muscat islamabad lisbon doha bucharest moscow kigali riyadh dakar "
    "belgrade seoul madrid khartoum stockholm bern damascus taipei dushanbe bangkok "
    "ankara kyiv kiev london washington montevideo tashkent caracas hanoi sanaa harare "
    "lusaka brussels geneva brasília mumbai shanghai istanbul dubai karachi lahore "
    "kandahar gaza jeddah mecca"
)
PLACES = frozenset(_PLACE_NAMES.split())
