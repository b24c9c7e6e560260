"""The English wording of every legal label, note and name part: data, never machine-translated.

`TEMPLATES` holds each label's fixed English; `STATUS_EN` and `MARK_WORDS` what a status says in
English and the words that must be in an engine's English when a mark was left in its sentence;
the name tables give the parties' English names before the glossary and transliteration.
"""

from __future__ import annotations

TEMPLATES = {
    "foreign-agent-media": (
        "THIS MESSAGE (MATERIAL) WAS CREATED AND (OR) DISTRIBUTED BY A FOREIGN MASS MEDIA OUTLET "
        "PERFORMING THE FUNCTIONS OF A FOREIGN AGENT, AND (OR) A RUSSIAN LEGAL ENTITY PERFORMING "
        "THE FUNCTIONS OF A FOREIGN AGENT."
    ),
    "foreign-agent-media-short": (
        "THIS MESSAGE (MATERIAL) WAS CREATED AND (OR) DISTRIBUTED BY A FOREIGN MASS MEDIA OUTLET "
        "PERFORMING THE FUNCTIONS OF A FOREIGN AGENT."
    ),
    "foreign-agent": (
        "THIS MATERIAL (INFORMATION) WAS {verb} BY A FOREIGN AGENT, {party}, OR CONCERNS THE "
        "ACTIVITIES OF A FOREIGN AGENT, {party}."
    ),
    "foreign-agent-short": "THIS MATERIAL (INFORMATION) WAS {verb} BY A FOREIGN AGENT, {party}.",
    "inline:foreign-agent": "designated a foreign agent",
    "inline:foreign-agent-registry": "listed by the Justice Ministry as a foreign agent",
    "inline:foreign-agent-registry-plain": "listed as a foreign agent",
    "inline:undesirable-registry": "listed as an undesirable organisation",
    "inline:undesirable": "designated an undesirable organisation in Russia",
    "inline:extremist": "designated extremist and banned in Russia",
    "inline:extremist-only": "designated extremist in Russia",
    "inline:terrorist": "designated terrorist and banned in Russia",
    "inline:terrorist-only": "designated terrorist in Russia",
    "inline:banned": "banned in Russia",
    "note:banned": "* {party} is banned in Russia.",
    "note:extremist": "* {party} is designated an extremist organisation and banned in Russia.",
    "note:terrorist": "* {party} is designated a terrorist organisation and banned in Russia.",
    "note:undesirable": "* {party} is designated an undesirable organisation in Russia.",
    "note:foreign-agent": "* Listed by the Russian Justice Ministry as a foreign agent.",
    "note:foreign-agent-registry": "* Listed as a foreign agent in Russia.",
    "note:foreign-agent-designated": "* Designated a foreign agent in Russia.",
    "note:banned-unnamed": "* Banned in Russia.",
    "note:extremist-unnamed": "* Designated an extremist organisation and banned in Russia.",
    "note:terrorist-unnamed": "* Designated a terrorist organisation and banned in Russia.",
    "note:undesirable-unnamed": "* Designated an undesirable organisation in Russia.",
    "note:owned": "* {items} {verb} owned by {owner}, which is {status}.",
}

# What each status says in English, for notes that name an owner ("* Instagram is owned by ...").
STATUS_EN = {
    "banned": "banned in Russia",
    "extremist": "designated an extremist organisation and banned in Russia",
    "extremist-only": "designated an extremist organisation in Russia",
    "terrorist": "designated a terrorist organisation and banned in Russia",
    "terrorist-only": "designated a terrorist organisation in Russia",
    "undesirable": "designated an undesirable organisation in Russia",
    "foreign-agent": "designated a foreign agent in Russia",
}

# A mark that is the predicate of its sentence goes to the engine with it; its English must then
# still say this (regexes, all of them for the kind; "banned" also where the source bans).
MARK_WORDS = {
    "foreign-agent": [r"foreign[- ]agents?"],
    "undesirable": [r"undesirable"],
    "extremist": [r"extremis"],
    "terrorist": [r"terroris"],
    "banned": [r"\bban(?:s|ned)?\b|prohibit|outlaw|forbidden|illegal"],
}


# Participles of the label's verb phrase, word for word.
VERBS = {
    "произведен": "PRODUCED",
    "произведено": "PRODUCED",
    "распространен": "DISTRIBUTED",
    "распространено": "DISTRIBUTED",
    "направлен": "SENT",
    "направлено": "SENT",
    "создан": "CREATED",
    "создано": "CREATED",
    "и": "AND",
    "(или)": "(OR)",
    "или": "OR",
}

# Party names the glossary may not know yet; keys are compared after `_key`.
PARTIES = {
    "мемо": "Memo",
    "медиазона": "Mediazona",
    "медуза": "Meduza",
    "meduza": "Meduza",
    "радио свободная европа/радио свобода (рс/рсе)": "Radio Free Europe/Radio Liberty (RFE/RL)",
    "радио свободная европа/радио свобода": "Radio Free Europe/Radio Liberty",
    "радио свобода": "Radio Liberty",
    "голос америки": "Voice of America",
    "дождь": "TV Rain",
    "новая газета": "Novaya Gazeta",
    "the insider": "The Insider",
    "овд-инфо": "OVD-Info",
    "мемориал": "Memorial",
    "meta": "Meta",
    "фбк": "FBK",
    "фонд борьбы с коррупцией": "Anti-Corruption Foundation",
    "свидетели иеговы": "Jehovah's Witnesses",
    "исламское государство": "Islamic State",
    "талибан": "Taliban",
    "кавказский узел": "Caucasian Knot",
    "телеканал дождь": "TV Rain",
    "настоящее время": "Current Time",
    "сибирь.реалии": "Siberia.Realities",
    "кавказ.реалии": "Caucasus.Realities",
    "север.реалии": "North.Realities",
    "idel.реалии": "Idel.Realities",
    "крым.реалии": "Crimea.Realities",
    "deutsche welle": "Deutsche Welle",
    "важные истории": "iStories",
    "агентство": "Agentstvo",
    "the bell": "The Bell",
    "новая газета европа": "Novaya Gazeta Europe",
    "проект": "Proekt",
    "холод": "Kholod",
    "верстка": "Verstka",
    "правозащитный центр мемориал": "Memorial Human Rights Centre",
    "открытая россия": "Open Russia",
}
# What a footnote's referent is also called in running text ("Instagram*" points to Meta's note).
ALIASES = {"meta": ["Facebook", "Instagram", "WhatsApp", "Threads"], "фбк": ["ФБК"]}
LEGAL_FORMS = {
    "ооо": "LLC",
    "ао": "JSC",
    "зао": "CJSC",
    "пао": "PJSC",
    "ано": "ANO",
    "нко": "NCO",
    "фонд": "Foundation",
}
PHRASES = {
    "владелец": "owner of",
    "владельца": "owner of",
    "принадлежит": "owned by",
    "и": "and",
    "медиапроект": "media project",
    "телеканал": "TV channel",
    "центр": "Centre",
    "ассоциация": "Association",
    "движение": "Movement",
    "издание": "outlet",
    "интернет-издание": "online outlet",
    "проект": "project",
}
