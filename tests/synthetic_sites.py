"""Multi-page Russian news sites written for the template tests and bench/templates.py.

Each site is one template (its own class names and layout) around articles that differ: the
chrome classes of issue 10 sit *inside* the body container, where generic passes cannot tell
them from text by markup alone, and each varies per page the way real chrome does (a URL, a
date, a count, other headlines). Every article carries a foreign-agent label, which must never
be taken for template. `SiteArticle` knows its first and last body sentences and the chrome
strings that must not come through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABEL = (
    "ДАННОЕ СООБЩЕНИЕ (МАТЕРИАЛ) СОЗДАНО И (ИЛИ) РАСПРОСТРАНЕНО ИНОСТРАННЫМ СРЕДСТВОМ МАССОВОЙ "
    "ИНФОРМАЦИИ, ВЫПОЛНЯЮЩИМ ФУНКЦИИ ИНОСТРАННОГО АГЕНТА."
)
TOPICS = [
    ("Паводок", "В поселке Северный уровень воды поднялся на два метра за ночь"),
    ("Выборы", "Избирательная комиссия области отказала в регистрации трем кандидатам"),
    ("Суд", "Районный суд назначил штраф местному активисту за пост в соцсетях"),
    ("Дороги", "Ремонт моста через реку Быструю снова перенесли на следующий год"),
    ("Больница", "В городской больнице закрыли родильное отделение из-за нехватки врачей"),
    ("Завод", "Рабочие механического завода пожаловались на задержку зарплаты"),
    ("Школа", "Родители учеников гимназии собрали подписи против объединения школ"),
    ("Пожар", "Лесной пожар под селом Каменка удалось потушить только к утру"),
]
SENTENCES = [
    "Об этом рассказали жители улицы {place}, которые обратились в редакцию.",
    "Власти района {place} пока никак не прокомментировали происходящее.",
    "По словам очевидцев из {place}, проблема копилась несколько месяцев.",
    "Депутат от округа {place} пообещал направить запрос в прокуратуру.",
    "Жители {place} намерены продолжать добиваться решения через суд.",
    "Ранее в соседнем с {place} районе произошла похожая история.",
]
PLACES = ["Лесная", "Заречье", "Сосновка", "Луговая", "Кировский", "Ольховка", "Береговая"]


@dataclass
class SiteArticle:
    url: str
    html: str
    first: str
    last: str
    chrome: list[str] = field(default_factory=list)
    subheading: str = ""


def _body(index: int, topic: tuple[str, str]) -> tuple[list[str], str, str]:
    name, lead = topic
    first = f"{lead}, сообщили {index + 2} очевидца."
    middle = [
        SENTENCES[(index + k) % len(SENTENCES)].format(place=PLACES[(index * 3 + k) % len(PLACES)])
        for k in range(3)
    ]
    last = f"Редакция продолжит следить за темой «{name.lower()}» и ситуацией номер {index + 7}."
    return [first, *middle, last], first, last


def site_a(host: str, count: int, base: str = "") -> list[SiteArticle]:
    """A WordPress-like site: like/share widget, related box and permalink inside the body."""
    pages = []
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        paragraphs, first, last = _body(i, topic)
        other = TOPICS[(i + 3) % len(TOPICS)]
        url = f"{base or 'https://' + host}/2024/0{1 + i % 9}/{10 + i}/news-{1000 + i}.html"
        sibling = (i + 1) % count
        related = f"{base or 'https://' + host}/2024/0{1 + sibling % 9}/{10 + sibling}/news-{1000 + sibling}.html"
        chrome = [
            "Материалы по теме:",
            other[1],
            "Понравилось это:",
            "Нравится Загрузка...",
            "Поделиться:",
            f"Постоянный адрес статьи: {url}",
            "Версия для печати",
        ]
        body = "".join(f"<p>{p}</p>" for p in paragraphs[:2])
        body += (
            '<div class="wp-block-group"><h4>Материалы по теме:</h4>'
            f'<p><a href="{related}">{other[1]}</a></p></div>'
        )
        body += f"<h1>{topic[0]}: что известно</h1>"
        body += "".join(f"<p>{p}</p>" for p in paragraphs[2:])
        body += (
            '<div class="sd-block"><h3 class="sd-title">Понравилось это:</h3>'
            '<div class="likes-widget"><span>Нравится Загрузка...</span></div></div>'
            '<div class="sd-social"><span>Поделиться:</span> '
            f'<a href="https://vk.com/share.php?url={url}">ВКонтакте</a></div>'
            f"<p>Постоянный адрес статьи: {url}</p>"
            f'<p><a href="{url}?print=1">Версия для печати</a></p>'
        )
        html = _page(
            host,
            topic[1],
            f'<div class="entry-content"><p class="inoagent">{LABEL}</p>{body}</div>',
            nav=f'<a href="{related}">{other[1]}</a>',
        )
        pages.append(SiteArticle(url, html, first, last, chrome, f"{topic[0]}: что известно"))
    return pages


def site_b(host: str, count: int, base: str = "") -> list[SiteArticle]:
    """A regional portal: a dated news list and a post-date line ahead of the body, a company
    card in the middle, an editorial feedback box at the end."""
    pages = []
    for i in range(count):
        topic = TOPICS[(i + 1) % len(TOPICS)]
        paragraphs, first, last = _body(i + 10, topic)
        others = [TOPICS[(i + k) % len(TOPICS)][1] for k in (2, 4)]
        url = f"{base or 'https://' + host}/news/{54000 + i}"
        day = 10 + i
        chrome = [
            "Другие новости",
            *others,
            f"{day}.05.2024 {9 + i % 9}:{15 + i:02d}",
            "ПАО «Северный банк»",
            "Обратная связь с отделом новостей",
        ]
        news_list = "".join(
            f'<li><span class="d">{day}.05 {10 + k}:00</span> <a href="/news/{53000 + i + k}">{t}</a></li>'
            for k, t in enumerate(others)
        )
        card = (
            '<div class="company"><b>ПАО «Северный банк»</b>'
            "<p>Региональный банк, работает с 1994 года.</p>"
            f"<p>Капитализация: {120 + i} млрд руб.</p></div>"
        )
        body = (
            f'<div class="news-side"><h3>Другие новости</h3><ul>{news_list}</ul></div>'
            f'<p class="meta">{day}.05.2024 {9 + i % 9}:{15 + i:02d}</p>'
            f'<p class="label">{LABEL}</p>'
            + "".join(f"<p>{p}</p>" for p in paragraphs[:3])
            + card
            + "".join(f"<p>{p}</p>" for p in paragraphs[3:])
            + '<div class="box"><p>Обратная связь с отделом новостей</p>'
            '<p>Пишите нам: <a href="mailto:news@example.org">news@example.org</a></p></div>'
        )
        html = _page(host, topic[1], f'<div class="text">{body}</div>')
        pages.append(SiteArticle(url, html, first, last, chrome))
    return pages


def _page(host: str, title: str, body: str, nav: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>"
        f"<link rel='canonical' href='https://{host}/'></head><body>"
        f"<div class='top'><a href='/'>{host}</a> <a href='/news'>Новости</a> {nav}</div>"
        f"<div class='main'><h1>{title}</h1>{body}</div>"
        f"<div class='bottom'>© {host}, 2024</div></body></html>"
    )


SITES = {"site-a.example": site_a, "site-b.example": site_b}


def site_pages(host: str, count: int, base: str = "") -> list[SiteArticle]:
    """`count` articles of the synthetic site `host` (one of SITES), at `base` if given."""
    return SITES[host](host, count, base)
