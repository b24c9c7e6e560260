"""Words and markup that name page furniture, as data: tag sets, class/id tokens, chrome phrases.

Every pass reads its vocabulary from here; Russian chrome phrases by class are in
translator/data/chrome_phrases.tsv (see `chrome_phrases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from translator.lookahead import Openings, guarded

# Elements that never carry article text.
INVISIBLE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "button",
    "input",
    "select",
    "textarea",
    "label",
    "dialog",
    "audio",
    "video",
    "map",
)
# Players whose fallback markup may carry the clip's poster and caption.
PLAYER_TAGS = ("object", "video")
# A plugin's badge in a player's fallback ("Get Flash Player"): its link or picture says so.
PLUGIN_BADGE = re.compile(
    r"get\.adobe\.com|macromedia\.com|java\.com/|silverlight|flash[ _-]?player|get[ _-]?flash",
    re.IGNORECASE,
)
STRUCTURAL_CHROME_TAGS = ("nav", "footer", "aside", "menu", "form")

# Class/id tokens of page furniture (readability's "unlikely candidates", extended). STRONG ones
# name what is never article text; WEAK ones also name layout wrappers that may hold the article.


def _tokens(*names: str) -> re.Pattern:
    """A regex matching any of `names` as a whole class/id token (split on space, - and _)."""
    return re.compile(r"(^|[-_ ])(" + "|".join(names) + r")($|[-_ ])", re.IGNORECASE)


CHROME_STRONG_TOKENS = (
    r"nav",
    r"navbar",
    r"menu",
    r"breadcrumbs?",
    r"footer",
    r"share",
    r"sharing",
    r"social",
    r"socials",
    r"comments?",
    r"disqus",
    r"related",
    r"recommend\w*",
    r"trending",
    r"promo",
    r"cookies?",
    r"consent",
    r"gdpr",
    r"newsletter",
    r"subscribe",
    r"donat\w*",
    r"tags",
    r"tagcloud",
    r"rubrics",
    r"outbrain",
    r"taboola",
    r"smi2",
    r"read-also",
    r"readalso",
    r"see-also",
    r"more-news",
    r"visually-hidden",
    r"sr-only",
    r"print-only",
    # what the page's print style sheet leaves out: its furniture, never the story
    r"no-?print",
    r"hidden-print",
    r"app-banner",
    r"tip-off",
    r"credits?",
    r"copyright",
    r"photo-?credit",
    r"toolbar",
    r"pagination",
    r"pager",
    r"login",
    r"signin",
    r"signup",
    r"skip-link",
    r"author-card",
    r"tooltip",
    r"popover",
    r"hovercard",
)
CHROME_WEAK_TOKENS = (
    r"masthead",
    r"sidebar",
    r"banner",
    r"subscription",
    r"subscr\w*",
    r"popup",
    r"modal",
    r"overlay",
    r"advert\w*",
    r"ads?",
    r"adv",
    r"advertisement",
    r"sponsor\w*",
    r"teasers?",
    r"widget",
    r"byline",
    r"inject\w*",
    r"partners?",
)
# A video player's box ("InlineVideo-wrapper video", "video-html5"): its play button, the clip's
# length and title, the next clips' titles. Furniture where it holds no sentence (a box that
# sets the clip's summary or transcript in sentences is the story's).
VIDEO_ATTR = re.compile(r"video", re.IGNORECASE)
# ... and a shop's card for a product the story links to ("product-card", "product-embed"): its
# name, price, shop and "Buy" button. Where it holds the writer's review (a buying guide's pick),
# it is the story's.
PRODUCT_CARD_ATTR = _tokens(r"product[-_]?(card|embed|box|widget|tile)s?")
CHROME_STRONG = _tokens(*CHROME_STRONG_TOKENS)
CHROME_WEAK = _tokens(*CHROME_WEAK_TOKENS)
CHROME_ATTR = _tokens(*CHROME_STRONG_TOKENS, *CHROME_WEAK_TOKENS)
CONTENT_ATTR = re.compile(
    r"(^|[-_ ])(article|articlebody|article-body|article-text|body|content|entry|entry-content|"
    r"post|post-content|story|story-body|text|main|wsw|publish)($|[-_ ])",
    re.IGNORECASE,
)
# A gallery's or carousel's slide, one class name ending so ("gallery-item", "slider__slide",
# "MixedMediaCarouselItem"): a picture and the few words that label it. Not a slide's part
# ("gallery-item__title") nor the row of them ("gallery-items").
SLIDE_ATTR = re.compile(
    r"(?:^|[-_]|(?<=[a-z]))(?i:carousel|gallery|slideshow|slider)[-_]*(?i:item|slide)$"
)
CAPTION_ATTR = _tokens(
    r"caption", r"figcaption", r"wp-caption-text", r"cutline", r"image-caption", r"photo-caption"
)
# A photo credit beside a caption ("Фото: ТАСС", "Фото предоставлено жителями поселка").
CREDIT_ATTR = _tokens(r"credits?", r"photo-?credit", r"copyright", r"source", r"author", r"byline")
# A picture of the writer, not of the story (a columnist's headshot by the byline).
PORTRAIT_ATTR = _tokens(
    r"author", r"authors", r"avatar", r"byline", r"userpic", r"profile", r"columnist", r"writer"
)
# A caption that opens with its credit ("Фото: <a>Telegram-канал</a>") may link its source.
CREDIT_OPENING = re.compile(r"^\W*(фото|photo|снимок|иллюстрация|кадр)\s*[:©]", re.IGNORECASE)
# A link to a picture file is a lightbox's (the picture enlarged), not a teaser's.
PICTURE_FILE = re.compile(r"\.(jpe?g|png|gif|webp|avif)(\?[^#]*)?(#.*)?$", re.IGNORECASE)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Classes the common style sheets hide an element with (Bootstrap's, Bulma's, Foundation's): a
# player's closed menus, a tab not shown. Matched whole and case-sensitively, as CSS does.
# Not Bootstrap's "d-none": "d-none d-md-block" shows the element on every wide screen.
HIDDEN_CLASSES = frozenset(("hidden", "hide", "is-hidden"))

BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "figcaption",
    "table",
    "pre",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "div",
    "section",
    "article",
    "figure",
    "header",
    "main",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "caption",
}
INLINE_TAGS = {
    "a",
    "b",
    "strong",
    "em",
    "i",
    "u",
    "small",
    "big",
    "sup",
    "sub",
    "code",
    "cite",
    "q",
    "abbr",
    "time",
    "mark",
    "label",
    "span",
    "font",
    "s",
    "strike",
    "del",
    "ins",
    "tt",
    "var",
    "kbd",
}
PARAGRAPH_TAGS = {"p", "pre", "td", "blockquote"}
BOLD_TAGS = ("b", "strong")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# Where a site points its readers to its podcasts and to its pages elsewhere.
_PODCAST_PLATFORM = (
    r"(apple podcasts|spotify|google podcasts|stitcher|pocket casts|overcast|amazon music|youtube)"
)
_SOCIAL_NETWORK = (
    r"(facebook|twitter|instagram|x|threads|tiktok|youtube|linkedin|telegram|bluesky)\b"
)
# Chrome recognised by its words, in any language the pipeline meets. Matched against the start
# of a whole block (after whitespace normalisation), case-insensitively.
CHROME_TEXT = [
    r"читайте (также|материал|еще|ещё|подробнее)\b",
    r"смотрите также\b",
    r"см\. также\b",
    r"по теме:",
    r"новости по теме\b",
    r"ссылки по теме\b",
    r"скачайте (наше )?приложение",
    r"мы обновили приложени",
    r"знаете больше\?",
    r"подпи(шитесь|сывайтесь) на\b",
    r"подписаться на\b",
    r"поддержите\b",
    r"станьте (соучастником|подписчиком|патроном)",
    r"задонать",
    r"(сделайте|сделать) пожертвование",
    r"помогите нам\b",
    r"(установите|загрузите) (наше )?приложение",
    r"мы в (соцсетях|социальных сетях|телеграме?)",
    r"следите за (нами|новостями)",
    r"наш телеграм",
    r"присылайте (нам )?(новости|сообщения|фото|видео)",
    r"(хотите сообщить новость|есть новость|есть что рассказать)\?",
    r"если вы (нашли|заметили) ошибку\b.{0,80}(ctrl|в тексте|на (этой )?странице|на сайте)",
    r"выделите (ее|её) и нажмите",
    r"сообщить об ошибке",
    r"erid\s*:",
    r"на правах рекламы",
    r"как читать .{0,40}без vpn",
    r"главное за (день|неделю)\b",
    r"(ещ[её] )?больше (новостей|материалов|интересного)",
    r"новости партнеров",
    r"читайте нас\b",
    r"присоединяйтесь к нам\b",
    r"(все|другие) материалы (рубрики|по теме|автора)",
    r"ещ[её] (\d+ )?комментари",
    r"подписаться\s*$",
    r"материалы \S+ содержат оценки",
    r"мы используем (файлы )?cookie",
    r"мы используем куки",
    r"сайт использует (файлы )?cookie",
    r"нашли опечатку",
    r"фото(графия)?:\s",
    r"фото\s*[—–-]\s",
    r"источник фото",
    r"реклама\s*([.:]|$)",
    r"поделиться\s*(:|в\b|с друзьями|ссылкой|$)",
    r"комментарии\s*\(\d+\)",
    r"[©®]",
    r"18\+\s*$",
    r"16\+\s*$",
    r"12\+\s*$",
    r"6\+\s*$",
    r"0\+\s*$",
    r"настоящий ресурс содержит материалы",
    r"отдельные публикации могут содержать",
    r"обход блокировки",
    r"безопасная связь",
    r"(also )?read (also|more|next)\s*:",
    r"see also\s*:",
    r"related( articles| stories| content)?\s*:",
    r"advertisement\W*$",
    # an embed's placeholder and label where its script did not run
    r"this content can also be viewed on the site it originates from",
    r"(instagram|twitter|x|tiktok|youtube|facebook|pinterest|bluesky|threads) content\s*$",
    # the site's appeals and pointers set under its stories
    r"if you (enjoy|like|value|appreciate) (our|this) (content|journalism|work|reporting)\b",
    r"get the latest (updates|news|stories) from [\w .&'’-]{2,40}$",
    r"for more [\w ,&'’-]{0,80}\b(coverage|news|stories), visit \S+$",
    # a shop card's price standing alone ("$99", "2 990 ₽"): the story quotes prices in sentences
    r"[$€£₽]\s?\d[\d,.\s]*$",
    r"\d[\d,.\s]*\s?(₽|руб\.?|рублей|€|\$)\s*$",
    r"sign up for\b",
    r"subscribe to (our|the)\b",
    r"follow us\b",
    # the site's pointers to its apps, podcasts and pages elsewhere, each a whole line naming
    # what it points to: a sentence going on past it ("Follow the money on Twitter and in the
    # filings"), on a platform's news ("Download speeds dropped sharply on Android") or quoting
    # a scam's text ("He told victims: \"Just click here.\"") stays
    (
        r"(enjoy|get|listen to|hear|download|subscribe to) (more |our |the )?(audio|podcasts?|"
        r"episodes?|app|apps)\b[^.!?]{0,60}\b(on|in|via|from) (the )?(ios|android|apple podcasts|"
        r"spotify|google podcasts|google play|app store)\b[^.!?]{0,50}[.!]?$"
    ),
    (
        rf"listen to [^.!?]{{1,60}} on {_PODCAST_PLATFORM}((\s*,\s*|\s+(and|or|&)\s+)"
        rf"{_PODCAST_PLATFORM})+\s*[.!]?$"
    ),
    rf"(also )?available on {_PODCAST_PLATFORM}((\s*,\s*|\s+(and|or|&)\s+){_PODCAST_PLATFORM})*\s*[.!]?$",
    (
        r"follow (the )?[\w .&'’-]{1,60}? (page|account|channel|feed)s? on "
        rf"{_SOCIAL_NETWORK}(\s+(to|for)\b[^.!?]{{0,50}})?\s*[.!]?$"
    ),
    rf"follow [\w .&'’-]{{1,60}}? on {_SOCIAL_NETWORK} at @\w+(\s+and\s+@\w+)*\s*[.!]?$",
    r"follow me\s*:\s*\S+\s*$",
    rf"follow me on {_SOCIAL_NETWORK}(\s+at)?(\s*@\w+)?\s*[.!]?$",
    r"(follow |get more from .{1,60}?)?follow your favou?rites to (personali[sz]e|get)\b.{0,80}$",
    (
        r"this live ?blog (has )?(ended|closed|is (now )?closed)\s*[.!]?"
        r"(\s+for (the )?(latest|most recent|more)\b.{0,80})?$"
    ),
    # a line pointing on with "click here": after "For …,", after a pitch's "!", or an alert's
    # "… by email click here"
    r"for [^.!?\"“”«»]{1,60},\s*click here\s*[.!]?$",
    r"[^.!?\"“”«»]{0,40}\bby (e-?mail|sms|text)\s+click here\W*$",
    r"[^\"“”«»]{0,80}!\s+click here\s*[.!]?$",
    # a shop card's button, an embed's placeholder, a newsletter box's thanks and pitch
    r"see offers\s*$",
    r"shop (this|the) story\s*$",
    r"view this (post|photo|video) on (instagram|facebook|tiktok|x|twitter|threads)\s*$",
    r"(thanks|thank you) for (signing up|subscribing)\s*[.!]?\s*$",
    r"your subscription (has been|is) confirmed\s*[.!]?(\s+keep an eye on your inbox\s*[.!]?)?\s*$",
    r"discover special offers, top stories\b[^.!?]{0,60}[.!]?$",
    r"our standards\s*:\s*[^.!?]{0,60}\bprinciples\b.{0,30}$",
    r"chat with us (in|on)\b",
    r"share (this|on)\b",
    r"click here to\b",
    r"all rights reserved",
    r"copyright\s*(©|\(c\)|\d{4})",
    r"\(?c\)\s*(19|20)\d{2}\b",
    r"disclaimer\s*:",
    r"if you (enjoyed|liked) this",
    r"follow @",
    r"follow (him|her|them|us) (on|at)\b",
    r"join our\b",
    r"this (document|article|material) is subject to copyright",
    r"citation\s*:",
    r"don['’]?t miss\b",
    r"(additional )?reporting by\b",
    r"editing by\b",
    r"(image|photo|picture) (credit|source)\s*:",
    r"credit\s*:",
    r"(image|photo|slide) \d+ (of|/) \d+",
    r"have a (news )?tip\?",
    r"get the latest\b.{0,60}\b(inbox|newsletter)",
    r"we['’]?d (like|love) to hear",
    r"check out our\b",
    r"sponsored( links| content| stories)?\s*$",
    r"you (may|might) also (like|be interested|enjoy)",
    r"tags\s*:",
    r"filed (under|in)\s*:",
    r"continue reading( the main story)?\s*$",
    r"(\d{1,2} \w+ \d{4} )?last updated (at|on)\b.{0,30}$",
    r"with reporting (from|by)\b",
    r"last updated\b.{0,50}\d{4}.{0,20}$",
    r"posted (on|at)\b.{0,40}\d{4}(\s+by\s+\S+)?\s*$",
    r"(decrease|increase|change) (text|font) size\b",
    r"skip to (the )?(next paragraph|content|main content|navigation)\s*$",
    r"share( this( article| story| page)?)?\s*[:|]?\s*$",
    r"view (the )?(article|story) on (a |one )?single page\s*$",
    (
        r"((view|see) (a )?larger|enlarge this|click (the )?(photo|image|picture) to enlarge)"
        r"( (image|photo|picture))?\s*$"
    ),
    r"(the )?(article|story) continues( below)?\s*$",
    r"printer[- ]friendly( version| format| page)?\s*$",
    r"current rating\b.{0,20}$",
    r"top of (the )?page\b.{0,30}$",
    r"return to (the )?.{0,40}\bblog\.?\s*$",
    r"(reviewed|medically reviewed) by\b.{0,60}\b(md|m\.d\.|phd|rn)\s*$",
    # browser notices: an old browser, style sheets or JavaScript switched off
    r"(this|the) (page|site|website) (is )?(best viewed|works best)\b.{0,60}\b(browser|css|javascript|resolution)",
    r"(this|the) (page|site|website) requires javascript",
    r"best viewed (in|with|using)\b.{0,40}\b(browser|css|javascript|resolution)",
    r"(please )?(enable|turn on|activate|allow) javascript",
    r"javascript (is )?(required|disabled|not enabled|turned off|must be enabled)",
    r"you (need to|must|have to|should) (enable|turn on|allow) javascript",
    r"(it (looks|seems) like )?(you are|you['’]re) using an? (outdated|old|older|unsupported) (web )?browser",
    r"your (web )?browser (is (out of date|outdated|not supported|too old|unsupported)|does not support|doesn['’]?t support)",
    r"(please )?(upgrade|update) your (web )?browser",
    r"for (the best|a better|an optimal|the full) (experience|viewing)\b.{0,80}\b(javascript|browser|css)",
    r"(close|caption|menu|print|email|loading\W*|next|previous|prev|back to top|comments?)\s*$",
    # a page's tools, pager and pointers, each a line of its own
    r"\[-\]\s*text\s*\[\+\]\s*$",
    r"font\s*:\s*$",
    r"rate this (article|story|post|page)\s*$",
    r"have your say\s+read comments?\s*$",
    r"have a view on this (story|article)\?\s*(send us your (feedback|views?|thoughts)\s*[.!]?)?\s*$",
    r"more (articles|stories|headlines)( from [\w .&'’-]{1,40})?\s*:\s*$",
    r"(continued\s+)?(\d+\s*\|\s*)+\d+\s+next\W*$",
    r"continued\s+\d+(\s*\|\s*\d+)+",
    r"trackbacks?\s*\(\d+\)\s*$",
    r"(bookmark|share)(/search)? this (post|article|story) (with|on)\s*:?\s*$",
    # the comment box's counter, sort order and notice
    r"comments?\s*\(\d*\)\s*$",
    r"(sort( by)?\s*:?\s*)?(newest|oldest|best rated)( first)?(\s*\|\s*(newest|oldest|best rated|worst rated)( first)?)+\s*$",
    r"the comments below have not been (moderated|checked)\b",
    r"the views expressed in the contents above are those of our users\b",
    r"skip to (top|bottom)\b.{0,20}$",
    r"\d+ comments?\s*$",
    r".{3,80}\bwatch video\s*$",
]
# matched as `^\W{0,3}(?:phrase|...)` under IGNORECASE, each text asking only the phrases its
# first letters can start (see Openings)
_CHROME_TEXT_OPENINGS = Openings(CHROME_TEXT, re.IGNORECASE, skip=3)


def chrome_text(text: str) -> bool:
    """`text` opens with one of CHROME_TEXT's phrases (a few non-word characters may come first)."""
    return _CHROME_TEXT_OPENINGS.first(text) is not None


# What opens a quotation: a block that opens so is someone's words, not the site's.
QUOTE_MARKS = "\"“«„'‘"
# The site's pitches set in the story: a shop's disclosure of its affiliate links, a newsletter's
# or a subscription's pitch, a cookie notice. They are short and never quoted: a story on the
# trade quotes them ("“We earn a commission on every booking,” the founder said") or argues
# them at length, and those paragraphs are the story's.
SITE_PITCHES = [
    r"(all )?products (featured|reviewed|recommended) (on|in|by) .{0,40}\bindependently selected",
    r"[\w .&'’-]{0,40}\bhas affiliate partnerships\.",
    r"we occasionally recommend\b.{0,60}\b(products|services)",
    (
        r"we (may )?(earn|receive|get) (a )?(small )?(commission|compensation|revenue|a share of "
        r"(sales|revenue))\b.{0,80}\b(links?|products|purchases?|buy|click)"
    ),
    r"if you (buy|purchase|make a purchase|click)\b.{0,80}\b(we|us) (may )?(earn|receive|get)\b",
    r"this newsletter may contain\b",
    r"want more [\w ’'-]{2,40}\? sign up\b",
    # what a newsletter sends, not an invoice or a parcel a scam story warns of
    (
        r"(want|get) [\w ’'-]{0,30}\b(news|stories|headlines|updates|newsletters?|coverage|"
        r"the latest|recipes|tips|deals|picks|reads)\b[\w ’'-]{0,20} delivered "
        r"(right |straight |directly )?to your inbox\b"
    ),
    r"(please )?sign up for\b.{0,60}\bnewsletters?\b",
    (
        r"[\w .&'’-]{1,40} is (a|our) (free )?(daily|weekly|monthly) newsletter\b.{0,80}[.!] "
        r"(get it delivered|sign up (here|now|today|for)|subscribe (here|now|today|for free))\b"
    ),
    r"can['’]t keep up\? get (every|all|the latest|our)\b",
    r"don['’]t want to miss (a thing|out)\? (sign up|subscribe)\b",
    r"don['’]t let (yourself|it) miss\b.{0,60}[.!] (sign up|subscribe)\b",
    (
        r"follow [\w .&'’-]{1,40} on (instagram|twitter|facebook|tiktok|youtube|threads|x)"
        r"( and (instagram|twitter|facebook|tiktok|youtube|threads|x))?,? or subscribe to\b"
    ),
    r"not a subscriber( to [\w .&'’-]{1,40})?\?\s*(then |click|sign|subscribe|head|get|join)",
    r"our journalism needs your support\b",
    r"please subscribe (today|now)\b",
    r"get alerts on the latest\b",
    r"(this|our) (web)?site uses cookies (to|and)\b",
    (
        r"we use cookies (and similar|to (give|improve|enhance|personali[sz]e|provide|ensure|offer|"
        r"analy[sz]e)|on (this|our))"
    ),
    r"when you visit (our|any) (web)?site, (we|it) (may )?store",
    # an appeal for the readers' news, its phone numbers with it; a feed's or a release's
    # disclaimer; the comment box's prompts and an account's login
    r"when (you see )?news (happens|is happening|happening)\b",
    r"(please )?send us (your )?(news )?(photos|videos|pictures|tips|tip-offs|news tips)\b",
    r"(these|this) (news )?(feeds?|content) (is|are) provided by\b",
    r"the (opinions|views) expressed (in|on) this (release|article|post|column|blog|site|page)\b",
    r"opinions, advice and all other information expressed\b",
    r"(note: )?please post your comments\b",
    r"information from\s*:",
    r"if you (have )?already (created|have|registered) an account\b",
]
SITE_PITCH_RE = re.compile(
    rf"^[^\w{QUOTE_MARKS}]{{0,3}}(?:" + "|".join(SITE_PITCHES) + ")", re.IGNORECASE
)
SITE_PITCH_CHARS = 300


def site_pitch(text: str) -> bool:
    """`text` is one of the site's pitches (SITE_PITCHES), short and unquoted."""
    return len(text) <= SITE_PITCH_CHARS and bool(SITE_PITCH_RE.match(text))


# A toolbar: a short line made of the page's tool links ("Email | Print | Share | Reprints",
# "Версия для печати · Отправить другу · Шрифт"). Its words are tool words and the fillers
# around them, one at least a tool's action (print, share), and TOOLBAR_MIN_TOOLS tools in all
# (or two to SHORT_TOOLBAR_WORDS words all tools and fillers: "Share Article"); a sentence
# never is, nor a network's name alone.
TOOLBAR_MAX_WORDS = 16
TOOLBAR_MAX_CHARS = 200
TOOLBAR_MIN_TOOLS = 2
TOOLBAR_SHARE = 0.8
SHORT_TOOLBAR_WORDS = 6
GLUED_TOOLBAR_MIN_WORDS = 3


def _toolbar_words() -> dict[str, frozenset[str]]:
    """translator/data/toolbar_words.tsv: each word of a toolbar, by kind."""
    text = resources.files("translator").joinpath("data", "toolbar_words.tsv").read_text("utf-8")
    found: dict[str, set[str]] = {"action": set(), "name": set(), "tool": set(), "filler": set()}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word = line.split("\t")
            found[kind].add(word.strip())
    return {kind: frozenset(words) for kind, words in found.items()}


_TOOLBAR = _toolbar_words()
TOOL_ACTIONS = _TOOLBAR["action"]
TOOL_WORDS = _TOOLBAR["action"] | _TOOLBAR["name"] | _TOOLBAR["tool"]
TOOL_FILLERS = _TOOLBAR["filler"]
TOOL_NAMES = _TOOLBAR["name"]
# The networks a story is posted to, set apart by separators ("Post this story to: del.icio.us |
# Digg | Reddit"), are a share bar without an action word.
SHARE_BAR_NAMES = 3
# A sentence's end: a word, then its stop (a toolbar's words stand without one).
_ENDS_AS_SENTENCE = re.compile(r"[^\W\d_]{2,}[.!?…][\"'»”’)]*$")
_TOOLBAR_WORD = re.compile(r"[\w.+\-\[\]]+")
_GLUED_WORDS = re.compile(r"(?<=[a-zа-яё])(?=[A-ZА-ЯЁ])")
# Any of the actions or networks inside the line in lower case, asked before its words are cut:
# a toolbar names one, and most lines hold none.
_HOLDS_TOOL = re.compile("|".join(re.escape(word) for word in sorted(TOOL_ACTIONS | TOOL_NAMES)))
_SENTENCES = re.compile(r"\w[.!?]\s+\w")  # one sentence ending where another begins


def toolbar_line(text: str) -> bool:
    """`text` is a short line of tool links, not a sentence: as written, or with the links set
    side by side with no space between parted ("Email to a friendPrinter friendly")."""
    if _toolbar(text):
        return True
    if len(text) > TOOLBAR_MAX_CHARS:
        return False  # parted, it is longer still: no paragraph is parted on the hot path
    parted = _GLUED_WORDS.sub(" ", text)
    # a brand's name alone ("ShareThis", "PrintFriendly") is no bar of links
    return parted != text and len(parted.split()) >= GLUED_TOOLBAR_MIN_WORDS and _toolbar(parted)


def _toolbar(text: str) -> bool:
    words = _line_words(text)
    if not words:
        return False
    shared_to = _share_bar(text, words)
    if not shared_to and not any(w in TOOL_ACTIONS for w in words):
        return False  # "Facebook и Twitter", "Our rating": names and labels, no tool
    if _SENTENCES.search(text) or (_ENDS_AS_SENTENCE.search(text) and not shared_to):
        return False
    tools = sum(w in TOOL_WORDS for w in words)
    known = sum(w in TOOL_WORDS or w in TOOL_FILLERS for w in words)
    if 2 <= len(words) <= SHORT_TOOLBAR_WORDS and known == len(words):
        return True
    return tools >= TOOLBAR_MIN_TOOLS and known >= TOOLBAR_SHARE * len(words)


def _line_words(text: str) -> list[str]:
    """The words of a line short enough for a toolbar that names a tool, or none."""
    if len(text) > TOOLBAR_MAX_CHARS or not _HOLDS_TOOL.search(text.lower()):
        return []
    words = [w.strip(".").lower() for w in _TOOLBAR_WORD.findall(text)]
    words = [w for w in words if w and w not in "-+"] or words
    return words if len(words) <= TOOLBAR_MAX_WORDS else []


def _share_bar(text: str, words: list[str]) -> bool:
    """SHARE_BAR_NAMES networks or more, set apart by separators."""
    names = sum(w in TOOL_NAMES for w in words)
    return names >= SHARE_BAR_NAMES and FIELD_SEPARATORS_RE.search(text) is not None


# A card's call to action, its short link to the story or the shop ("Buy now", "Read more",
# "Читать дальше"): at most this many words.
CALL_TO_ACTION_WORDS = 3


# Speech the story reports: after a comma or a dash, a verb of saying ("Поделитесь мнением,
# попросил губернатор", "Следите за нами, — сказал оперативник", "..., the founder said"). The
# site's own notices are never attributed, so a block that reports speech is the story's, however
# its words open.
SPEECH_VERBS_RU = (
    r"сказал|сообщил|заявил|попросил|призвал|отметил|добавил|пояснил|рассказал|написал|"
    r"подчеркнул|уточнил|напомнил|признался|пообещал|предупредил|ответил|объяснил|спросил|"
    r"говорит|считает|возмущается|уверяет|жалуется"
)
SPEECH_VERBS_EN = r"said|told|added|wrote|asked|urged|warned|explained|recalled"
REPORTED_SPEECH_RE = re.compile(
    rf"[,—–]\s*[—–]?\s*(?:(?:{SPEECH_VERBS_RU})(?:а|и|о|ла|ли)?\b|(?:\w+\s){{0,3}}(?:{SPEECH_VERBS_EN})\b)",
    re.IGNORECASE,
)


def reported_speech(text: str) -> bool:
    """`text` reports what someone said (REPORTED_SPEECH_RE)."""
    return REPORTED_SPEECH_RE.search(text) is not None


# A loose caption: a short block that ends with its picture's credit ("... Фото: ТАСС",
# "... (Photo by Jane Doe/AFP via Getty Images)", "... Credit: IMO.", "WWD/Getty Images"), its
# picture lazily loaded away. An English credit word opens the block, a sentence or a bracket
# ("a photo by Robert Capa" ends a sentence of the story).
CAPTION_TAIL_RE = re.compile(
    r"\bфото\s*(:|©)\s*\S[^.!?]{0,60}$|"
    # a bracket closing the block: "(Photo by Jane Doe/AFP via Getty Images)", "(AP Photo/...)"
    r"[(\[](photo|photograph|image|picture|credit)s?\s*(by\b|:|©)[^()\[\]]{1,80}[)\]]\.?$|"
    r"[(\[]AP Photo\b[^()\[\]]{0,60}[)\]]\.?$|"
    # a credit of a few words after the caption's stop or alone: "... Credit: IMO."
    r"(^|[.!?]\s+)(photo|photograph|image|picture|credit)s?\s*(by\b|:|©)(\s*[^\s.!?]+){1,6}\.?$|"
    # an agency after a slash or a bar: "WWD/Getty Images", "Jane Doe - PA Images | Getty Images"
    r"(^|[.!?]\s+)[^.!?]{0,40}[/|][^.!?]{0,40}\b(getty images|shutterstock)\b[^.!?]{0,40}[)\]]?$",
    re.IGNORECASE,
)
CAPTION_TAIL_CHARS = 200
# Chrome recognised by how a short block ends.
CHROME_TAIL_RE = re.compile(
    r"(contributed (reporting )?to this (report|story)|all rights reserved)\.?\s*$", re.IGNORECASE
)

SOCIAL_NAMES = re.compile(
    r"\b(telegram|телеграм\w*|вконтакте|vk|youtube|ютуб\w*|whatsapp|instagram|инстаграм\w*|facebook|фейсбук\w*|"
    r"одноклассники|twitter|твиттер\w*|tiktok|тикток\w*|дзен\w*|rutube|viber|signal|vpn|app store|google play)\b",
    re.IGNORECASE,
)
SOCIAL_HOSTS = re.compile(
    r"//([\w.-]+\.)?(t\.me|telegram\.me|vk\.com|youtube\.com|youtu\.be|wa\.me|whatsapp\.com|instagram\.com|"
    r"facebook\.com|ok\.ru|twitter\.com|x\.com|tiktok\.com|dzen\.ru|rutube\.ru|apps\.apple\.com|play\.google\.com)\b",
    re.IGNORECASE,
)
CALL_TO_ACT = re.compile(
    r"подпис|читайте нас|читать нас|присылайте|пишите|смотрите нас|следите|скачайте|установите|"
    r"без (установки )?vpn|follow us|subscribe|join us",
    re.IGNORECASE,
)
OUR_CHANNEL = re.compile(
    r"\bнаш(ем|ему|его|ем телеграм-|)\s*(телеграм|telegram|канал|youtube|ютуб|паблик|чат)|\bour (telegram|channel|newsletter)",
    re.IGNORECASE,
)
# Searched through every block: opened with the lookahead their matches imply, found faster.
SOCIAL_NAMES, CALL_TO_ACT, OUR_CHANNEL = map(guarded, (SOCIAL_NAMES, CALL_TO_ACT, OUR_CHANNEL))
FOOTNOTE_RE = re.compile(r"^\*+\s*\S")
ASTERISK_MARK_RE = re.compile(r"\w[»\"”]?\*")


@dataclass(frozen=True)
class Phrase:
    """One chrome phrase of translator/data/chrome_ru.tsv: its class, scope and pattern."""

    kind: str
    scope: str
    pattern: str


def chrome_phrases() -> list[Phrase]:
    """The Russian chrome vocabulary, in file order (comments and blank lines skipped)."""
    text = resources.files("translator").joinpath("data", "chrome_ru.tsv").read_text("utf-8")
    phrases = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, scope, pattern = line.split("\t", 2)
            phrases.append(Phrase(kind, scope, pattern))
    return phrases


PHRASES = chrome_phrases()
# Texts whose answer chrome_phrase keeps (extraction clears it for each page): a page's blocks.
CHROME_PHRASE_CACHE = 4096
_BLOCK_PHRASES = [p for p in PHRASES if p.scope in ("block", "card")]
# One alternation of the phrases under IGNORECASE, `^\W{0,3}(?:phrase|...)`, each text asking
# only the phrases its first letters can start: one match per block, whatever the vocabulary's size.
_BLOCK_OPENINGS = Openings([p.pattern for p in _BLOCK_PHRASES], re.IGNORECASE, skip=3)


def chrome_words(text: str) -> bool:
    """`text` opens with a chrome phrase of any language (English list or Russian vocabulary)."""
    return chrome_text(text) or _BLOCK_OPENINGS.first(text) is not None


# Legal text: a copyright notice, a media outlet's imprint. Long and full of commas, it would
# outscore a short article if it voted for the container that holds it.
LEGAL_KINDS = frozenset({"copyright", "imprint"})
LEGAL_EN = re.compile(
    r"^\W{0,3}(©|\(c\)\s|copyright\s*(©|\(c\)|\d{4})|all rights reserved)", re.IGNORECASE
)


def legal_text(text: str) -> bool:
    """`text` opens as a copyright notice or an imprint does."""
    phrase = chrome_phrase(text)
    return bool(LEGAL_EN.match(text)) or (phrase is not None and phrase.kind in LEGAL_KINDS)


# Spaces a page writes as entities ("Версия&nbsp;для&nbsp;печати"): the vocabulary's phrases
# are written with plain spaces, and the blocks keep these for the copy ("10 000").
WIDE_SPACES = "\xa0\u2007\u2009\u202f"


def plain_spaces(text: str) -> str:
    """`text` with its no-break and thin spaces as plain ones, for matching phrases.

    A `replace` per space found: `str.translate` looks up every character of a long block."""
    for space in WIDE_SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text


@lru_cache(maxsize=CHROME_PHRASE_CACHE)
def chrome_phrase(text: str) -> Phrase | None:
    """The Russian chrome phrase `text` opens with, or None.

    Cached: the scoring, the block filters and the card pass ask it of the same texts, and one
    question tries every phrase of the vocabulary."""
    found = _BLOCK_OPENINGS.first(plain_spaces(text))
    return None if found is None else _BLOCK_PHRASES[found]


def russian_chrome(text: str) -> str | None:
    """The class of the Russian chrome phrase `text` opens with, or None."""
    phrase = chrome_phrase(text)
    return phrase.kind if phrase else None


# A Russian month name in any of its forms ("мая", "декабре").
MONTHS_RU = r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
# A post's date line: a date and a time, with at most DATE_LINE_WORDS other words beside them
# (an author, a section, "Добавлено:"), or a date alone, under DATE_LINE_CHARS and not ending as
# a sentence does. A time alone or a date with words is not: a programme ("10:00 — Открытие"),
# a score ("78:81"), a timeline ("16.03.2014 — Референдум") or a deadline ("Дата: 15.06.2024")
# is article text.
_MONTHS_EN = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE = (
    r"(?<![\d-])(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?:\s*г\.)?)(?![\d-])"
    rf"|\b\d{{1,2}}\s+{MONTHS_RU}(?:\s*'?\d{{2,4}})?(?:\s*(?:г\.|года?))?"
    rf"|\b\d{{1,2}}\s+{_MONTHS_EN}\s+\d{{4}}"
    rf"|\b{_MONTHS_EN}\s+\d{{1,2}},?\s+\d{{4}}"
)
_TIME = r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])(?:\s*[ap]\.?m\.?)?"
DATE_RE = re.compile(_DATE, re.IGNORECASE)
TIME_RE = re.compile(_TIME, re.IGNORECASE)
WEEKDAY_RE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b,?"
    r"|(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\w*,?",
    re.IGNORECASE,
)
# A byline: who wrote the story, or when it was posted ("By Jane Doe", "Иван Петров, корреспондент",
# "Written by …", "Jane Doe is the paper's transport reporter").
BYLINE_RE = re.compile(
    r"^(by|от|автор|posted|published|updated)\b|"
    r"^((written|edited|reported|compiled|photographed|fact-checked)( and \w+)? by)\b|"
    r"(,|\s[—–-])\s*(специальный |собственный )?(корреспондент|спецкор|обозреватель|редактор|"
    r"журналист|correspondent|reporter|editor|staff writer)|"
    r"\bis (a|an|the) [\w’'. -]{0,60}\b(reporter|correspondent|editor|writer|columnist|journalist)\b",
    re.IGNORECASE,
)
# The writer's note under a story: how to reach them ("Travis Andersen can be reached at
# travis.andersen@globe.com", "Story tips can be sent to …", "Связаться с автором: …") or who they
# are ("Jim Walsh is a senior reporter for the Courier-Post"). Sought only in the run of blocks
# that ends the story (filters.drop_author_notes), and read from its first sentence:
# - a contact line names an address to write to (an e-mail or an @handle; a network's name alone
#   is the story's "attempts to reach him on Telegram failed"), in words that reach the writer,
#   not a source ("police asked anyone to contact them at …");
# - a bio opens with the writer's name and their post now at a paper ("… for the Courier-Post",
#   "… is The Post’s mobile editor."), and is all the paragraph says: "Evan Gershkovich is a
#   reporter for The Wall Street Journal. He has been held …" is the news.
CONTACT_CUE_RE = re.compile(
    r"\b(can|may) be (reached|contacted|e-?mailed)\b|\btips? (can|may) be (sent|e-?mailed)\b|"
    r"\byou can (e-?mail|reach|contact|write to) (him|her|me|us|the (author|writer|reporter)|(?-i:[A-Z]))|"
    r"\bcontact (the )?(reporter|writer|author|columnist|editor)\b|"
    r"^(?:e-?mail|contact|reach|follow|write to) (?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}) (?:at|on|via)\b|"
    r"^(?:связаться с автором|написать автору|пишите автору|(?:e-?mail|почта) автора)\b",
    re.IGNORECASE,
)
CONTACT_ADDRESS_RE = re.compile(r"[\w.+-]+(@|\s?\(at\)\s?)[\w-]+\.\w|(?<![\w.])@\w{2,}")
ABOUT_THE_WRITER_RE = re.compile(r"^[—–-]?\s*about the (author|writer)\b", re.IGNORECASE)
WRITER_BIO_RE = re.compile(
    r"^[—–-]?\s*([A-ZА-ЯЁ][\w.'’-]*\s+){1,4}(?i:(writes|reports) (about|on|for)\b|covers\b|"
    r"is (a|an|the) (?!former\b)[\w’'.&/ -]{0,60}\b(reporter|correspondent|editor|writer|"
    r"columnist|journalist|contributor|producer)s?( (for|at|with|whose|based|covering)\b|\.?$))"
)
AUTHOR_NOTE_CHARS = 400
# A heading a site sets over the writer's bio at the story's end, and the Russian bio's form
# under it: the name, a dash, the post ("Иван Петров — обозреватель «Известий»").
BIO_HEADING_RE = re.compile(
    r"^(about (the|this|our) (author|writer|reporter)s?|meet the (author|writer)s?|who we are|"
    r"об авторе|об авторах)[.:]?$",
    re.IGNORECASE,
)
WRITER_BIO_RU_RE = re.compile(
    r"^([А-ЯЁ][\w.’'-]*\s+){1,4}[—–-]\s+(?!бывш)(?:[\w-]+\s+){0,2}(журналист(ка)?|"
    r"корреспондент|обозреватель(ница)?|редактор|колумнист|репорт[её]р)\b",
)
# A note's sentences end at a stop after a word (not an initial's "L."), before a capital.
_SENTENCE_ENDS = re.compile(r"(?<=[^\W\d_]{2}[.!?])[\"”»)]?\s+(?=[\"“«(]?[A-ZА-ЯЁ])")
_QUOTE_OPENING = re.compile(f"^[{QUOTE_MARKS}]")


def author_note(text: str) -> bool:
    """`text` is the writer's contact line or bio, as a story's last lines set them."""
    if len(text) > AUTHOR_NOTE_CHARS or _QUOTE_OPENING.match(text):
        return False  # "“You can reach me at …,” the mayor said" is a quote
    first, *rest = _SENTENCE_ENDS.split(text)
    if CONTACT_CUE_RE.search(first) and CONTACT_ADDRESS_RE.search(first):
        return True
    if ABOUT_THE_WRITER_RE.match(first):
        return True  # labelled so: the rest is the note's, however it is worded
    return bool(WRITER_BIO_RE.search(first)) and all(_contact(sentence) for sentence in rest)


def writer_bio(text: str) -> bool:
    """`text` opens as the writer's bio does: their name, then their post at a paper ("Jane Doe
    is a contributing writer for …", "Иван Петров — обозреватель …"), whatever follows."""
    first = _SENTENCE_ENDS.split(text, maxsplit=1)[0]
    return bool(WRITER_BIO_RE.search(first) or WRITER_BIO_RU_RE.match(first))


def _contact(sentence: str) -> bool:
    """A bio's next sentence that only says where to reach the writer ("Email: jw@cpsj.com") or
    asks the reader to follow ("And subscribe to stay up to date")."""
    reach = CONTACT_ADDRESS_RE.search(sentence) or CALL_TO_ACT.search(sentence)
    return bool(reach) and len(sentence) <= AUTHOR_NOTE_CHARS / 2


# A teaser's summary, cut off mid-sentence by the site ("... to feature RapidBus service as..."):
# short (a story's own paragraph may trail off so, as Russian writers often end one).
TEASER_CUT = re.compile(r"\w\s*(\.\.\.|…)\s*$")
CUT_TEASER_MAX_CHARS = 160
# A labelled line of the story's fields: "Текст: Иван Петров", "Время чтения: 3 минуты".
LABELLED_LINE_RE = re.compile(
    r"^(текст|видео|фото|аудио|источник|text|video|photo|source)\s*:|^(время чтения|reading time)\b",
    re.IGNORECASE,
)
# What sits under a headline and is no standfirst: the site's prompts ("Subscribe now…",
# "Get our newsletter…", "Listen to this article"), a picture's credit at the end of a caption,
# and a line of fields set apart by separators ("Jane Doe | May 12, 2024 | 4 min read",
# "Главная / Новости / Общество").
PROMPT_RE = re.compile(
    r"^\W*(get|subscribe|sign up|sign in|follow|listen|download|install|support|donate|join|"
    r"register|log in|watch|read|click|tap|we use|this (article|story|content|page) (is|was|has)|"
    r"подпишитесь|подписывайтесь|скачайте|установите|слушайте|смотрите|читайте|поддержите|"
    r"следите|присоединяйтесь|мы используем|этот (материал|текст) (доступен|только|был))\b",
    re.IGNORECASE,
)
CREDIT_TAIL_RE = re.compile(
    r"[(\[]?\b(photo|photograph|image|picture|фото|снимок)\s*(by\s*[^.]{0,80}[)\]]?|"
    r"(:|©)\s*[^.]{0,80}[)\]]?\.?)\s*$|"
    # ... or a credit the markup glued to the caption's last stop ("… California.Harry Langdon/Getty"),
    # after a word ("St.Petersburg" is a name)
    r"(?-i:[a-z]{3})[.!?][\"”]?(?-i:[A-Z][\w'’-]*( [A-Z][\w'’.-]*){0,3})(/[\w .]{2,30})?$",
    re.IGNORECASE,
)
FIELD_SEPARATORS_RE = re.compile(r"\s[|/›»•·]\s")
DATE_LINE_CHARS = 80
DATE_LINE_WORDS = 3
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?]$")
# Every date DATE_RE finds holds a digit: a scan for one rules out most lines at once.
_DIGIT = re.compile(r"\d")


def date_line(text: str) -> bool:
    """`text` is a date line: a date and a time with at most a few words beside them, or a
    date alone."""
    if len(text) > DATE_LINE_CHARS or _SENTENCE_END.search(text) and not text.endswith("г."):
        return False
    if not _DIGIT.search(text) or not DATE_RE.search(text):
        return False
    words = len(_LETTER_WORD.findall(WEEKDAY_RE.sub(" ", TIME_RE.sub(" ", DATE_RE.sub(" ", text)))))
    return words == 0 or (words <= DATE_LINE_WORDS and TIME_RE.search(text) is not None)


# A short line that opens the readers' comments after an article (what follows is theirs).
THREAD_OPENER_CHARS = 150
THREAD_OPENER_RE = re.compile(
    r"^[^\w—–-]{0,3}(?:comments? (are|is) (now )?closed( for this (story|article|post|page))?\s*\.?\s*$|"
    r"((thanks|thank you) for your (comments|feedback)\W+)?(this |the )?"
    r"(feedback|commenting) (is|has) (now )?(been )?closed\s*\.?\s*$|"
    r"this discussion has been closed\s*\.?\s*$|"
    r"have your say\s*$|(readers?'?|user) comments\s*(\(\d+\))?\s*:?\s*$|"
    r"(post|add|leave|write|submit) (a |your )?(comment|reply)\s*:?\s*$|"
    r"(please )?e-?mail us to report offensive comments|join the (discussion|conversation)\s*[.!:]?\s*$|"
    r"add your (view|comment)s?\s*[.!:]?\s*$|reader views\s*(\(\d+\))?\s*$|"
    r"here['’]s what other readers have said\s*[.:]?\s*why not add your (thoughts|views?)\b[^\"“”]{0,100}$|"
    r"\d+ (thoughts|responses|replies) (on|to)\b.{0,100}$|"
    + "|".join(p.pattern for p in PHRASES if p.scope == "thread")
    + ")",
    re.IGNORECASE,
)


def thread_opener(text: str) -> bool:
    """`text` is the line that opens the readers' comments."""
    return len(text) < THREAD_OPENER_CHARS and bool(THREAD_OPENER_RE.match(text))


# A reader's comment signs itself: "Posted by: Name on 1:19pm Thu 17 Jan 08", "Report this
# comment", "Ответить | Пожаловаться"; a signature with its comment glued on is this short.
SIGNATURE_MAX_CHARS = 300
COMMENT_SIGNATURE_RE = re.compile(
    r"^\W{0,3}posted by:?\s+[^.!?]{1,60}?\s+(on|at|\|)\s+[^.!?]{0,40}\d[^.!?]{0,40}$"
    r"|\bposted by:?\s+[^.!?]{1,60}?\s+(on|at|\|)\s+[^.!?]{0,40}\d.{0,40}\breport this (post|comment)\s*$",
    re.IGNORECASE,
)
# What lets readers moderate a comment: a thread has them, a live blog's entries do not.
COMMENT_MODERATION_RE = guarded(
    re.compile(
        r"\breport this (post|comment)\s*$|\b(quote\s*\|\s*)?report abuse\s*$|"
        r"\bответить\s*(\|\s*)?пожаловаться\s*$|^\W{0,3}(ответить|reply)\s*$",
        re.IGNORECASE,
    )
)


# A comment's head: a name (initials may carry a dot: "А. Иванов"), the date and time it was
# left in either order, a rating, and the link to answer it ("Марина 6 Января 2012 15:58:06 0
# ответить", "А. Иванов 15:58, 6 января 2012 ответить"): its signature and moderation link.
_COMMENTER = r"(?:[^.!?|]|\b\w\.){1,60}?"
_LEFT_AT = rf"(?:(?:{_DATE})[^.!?]{{0,30}}?{_TIME}|{_TIME}[\s,]{{0,3}}(?:{_DATE}))"
REPLY_SIGNATURE_RE = re.compile(
    rf"^{_COMMENTER}\s{_LEFT_AT}[\s\d|+−-]{{0,12}}(?:ответить|reply)\s*$",
    re.IGNORECASE,
)


# What the signature and moderation patterns hold, asked first: almost no block of an article
# does, and a plain test takes a tenth of the patterns' time.
_SIGNED_BY = "posted by"
_REPLY_WORDS = ("ответить", "reply")
_MODERATION_WORDS = ("post", "comment", "abuse", "пожаловаться", *_REPLY_WORDS)
# The longest of those words, and more.
SIGNATURE_WORD_CHARS = 12


def _ends_with(text: str, words: tuple[str, ...]) -> bool:
    r"""`text` ends in one of `words` (lower case) before its trailing spaces, in any case: what
    a pattern ending in `(word|...)\s*$` under IGNORECASE needs to match. (casefold, not lower:
    it folds the old Cyrillic letters and the long s as the regex engine does.)"""
    return text.rstrip()[-2 * SIGNATURE_WORD_CHARS :].casefold().endswith(words)


def _reply_signature(text: str) -> bool:
    return (
        len(text) < SIGNATURE_MAX_CHARS
        and _ends_with(text, _REPLY_WORDS)
        and bool(REPLY_SIGNATURE_RE.search(text))
    )


def comment_signature(text: str) -> bool:
    """`text` is a signature line ("Posted by: Name on <date>"), a comment's or a post's."""
    if len(text) >= SIGNATURE_MAX_CHARS:
        return False
    signed = _SIGNED_BY in text.casefold() and bool(COMMENT_SIGNATURE_RE.search(text))
    return signed or _reply_signature(text)


# A comment counter ("Обсуждение (2)", "Comments: 12"): where a thread found by its moderation
# links begins, when it stands just above the first comment.
COMMENT_COUNTER_RE = re.compile(
    r"^\W{0,3}(комментарии|обсуждение|отзывы|comments|discussion|responses)\s*[:(]?\s*\d+\)?\s*$",
    re.IGNORECASE,
)


def comment_counter(text: str) -> bool:
    return bool(COMMENT_COUNTER_RE.match(text))


def comment_moderation(text: str) -> bool:
    """`text` ends in a link for moderating a reader's comment ("Report this comment"), or is a
    comment's head that ends in the link to answer it."""
    if not _ends_with(text, _MODERATION_WORDS):
        return False
    return bool(COMMENT_MODERATION_RE.search(text)) or _reply_signature(text)


# Headings that open a block of links to other stories: the whole container goes. Their opening
# words ("Читайте также ...", "Related: ...") ...
RELATED_OPENERS = [
    "что еще почитать",
    "что ещё почитать",
    *(p.pattern for p in PHRASES if p.scope == "box"),
    "read (also|more|next)",
    "see also",
    "related",
    "more (from|on|stories)",
    "most (read|popular)",
    "recommended",
]
# ... or, in English, box titles whole: "More in Sports", "Sports Headlines", "Most viewed"; the
# site's own name may lead one: "Vanity Fair's Most Read Stories of 2023".
RELATED_TITLES = [
    r"more (in|news|headlines)\b.{0,30}",
    r"(top|latest|other|more|\w+) (news|headlines|stories)",
    r"most (viewed|emailed|e-mailed|commented)( \w+){0,2}",
    r"editor['’]?s (choice|picks)",
    r".{0,20}\bblogs from the web",
    r"also on [\w.]+",
    r"[\w.&-]+( [\w.&-]+){0,3}['’]s most (read|popular|viewed)( \w+){0,4}",
]
_RELATED_HEADINGS = Openings(
    [rf"(?:{opener})\b" for opener in RELATED_OPENERS]
    + [rf"(?:{title})\s*:?\s*$" for title in RELATED_TITLES],
    re.IGNORECASE,
    skip=None,
)


@lru_cache(maxsize=CHROME_PHRASE_CACHE)
def related_heading(text: str) -> bool:
    """`text` opens a box of links to other stories ("Читайте также", "More in Sports").

    Cached: every container's first text is asked, and menus repeat theirs on every page."""
    return _RELATED_HEADINGS.first(plain_spaces(text)) is not None
