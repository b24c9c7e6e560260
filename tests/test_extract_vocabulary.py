"""Russian chrome vocabulary (translator/data/chrome_ru.tsv): each class on markup of that class.

The chrome sits inside the article container, where no class name gives it away: only its
words do. Every class in the data file must have a case here.
"""

from __future__ import annotations

import re

import pytest

from translator.article import Article
from translator.extract import Options, extract, extract_text
from translator.extract.vocabulary import (
    PHRASES,
    chrome_words,
    date_line,
    reported_speech,
    russian_chrome,
    toolbar_line,
)

FIRST = "Глава района Иван Петров заявил журналистам, что ремонт школы начнется в июне."
LAST = "Родители учеников пообещали следить за тем, как будут выполнены эти обещания."
MIDDLE = "Подрядчика выберут на открытом аукционе, смета составит около сорока миллионов рублей."

# class -> (markup inside the body, chrome strings that must not come through)
CASES = {
    "related": (
        (
            f"<p>{FIRST}</p><div class='box'><p><strong>Материалы по теме:</strong></p>"
            "<p><a href='/news/2'>В области закрыли еще две сельские школы</a></p></div>"
            f"<p>{MIDDLE}</p><div><h3>Другие новости</h3><ul>"
            "<li>10:15 <a href='/news/3'>Паводок подтопил дачи</a></li>"
            "<li>09:40 <a href='/news/4'>Суд оштрафовал активиста</a></li></ul></div>"
            "<div class='box'><h3>Видео по теме</h3><video poster='/v/1.jpg'>"
            "<figcaption>Как прошел паводок 2019 года в соседнем районе</figcaption></video></div>"
            "<div><p>Другие видео</p><p><a href='/video/7'>Мэр открыл новый мост через реку</a>"
            "</p></div>"
        ),
        [
            "Материалы по теме",
            "закрыли еще две",
            "Другие новости",
            "Паводок подтопил",
            "Видео по теме",
            "паводок 2019",
            "Другие видео",
            "новый мост",
        ],
    ),
    "like": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><div><h3>Понравилось это:</h3>"
            "<div><span>Нравится</span> <span>Загрузка...</span></div></div>"
        ),
        ["Понравилось это", "Нравится", "Загрузка"],
    ),
    "share": (
        f"<p>{FIRST}</p><p>{MIDDLE}</p><p>Поделиться: <a href='https://vk.com/share'>ВК</a></p>",
        ["Поделиться"],
    ),
    "print": (
        f"<p>{FIRST}</p><p>{MIDDLE}</p><p><a href='?print=1'>Версия для печати</a></p>",
        ["Версия для печати"],
    ),
    "permalink": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p>"
            "<p>Постоянный адрес статьи: https://news.example/2024/05/12/school.html</p>"
        ),
        ["Постоянный адрес", "news.example/2024"],
    ),
    "postdate": (f"<p>12 мая 2024, 10:15</p><p>{FIRST}</p><p>{MIDDLE}</p>", ["12 мая 2024"]),
    "card": (
        (
            f"<p>{FIRST}</p><div><p><b>ПАО «Сбербанк»</b></p><p>Крупнейший банк страны.</p>"
            f"<p>Капитализация: 6,1 трлн руб.</p><p>ИНН 7707083893</p></div><p>{MIDDLE}</p>"
            "<div class='company'><b>АО «Заречный завод»</b><p>Производитель труб, основан в 1962 "
            "году.</p><ul><li>Выручка: 4,2 млрд руб.</li></ul></div>"
        ),
        ["Сбербанк", "Крупнейший банк", "Капитализация", "ИНН", "Заречный завод", "Выручка"],
    ),
    "feedback": (
        f"<p>{FIRST}</p><p>{MIDDLE}</p><div><p>Обратная связь с отделом новостей</p></div>",
        ["Обратная связь"],
    ),
    "browser": (
        (
            "<div class='notice'><p><b>Ваш браузер устарел.</b> Обновите браузер, чтобы сайт "
            f"работал быстрее и безопаснее.</p></div><p>{FIRST}</p><p>{MIDDLE}</p>"
            "<p>Для корректной работы сайта включите JavaScript в настройках браузера.</p>"
        ),
        ["браузер устарел", "JavaScript"],
    ),
    "tags": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><p>Ключевые слова: <a href='/t/1'>школа</a>, "
            "<a href='/t/2'>ремонт</a></p><p>Рубрика: Общество</p>"
        ),
        ["Ключевые слова", "Рубрика"],
    ),
    "comments": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><h3>Комментарии (3)</h3>"
            "<p>Оставьте свой комментарий, авторизовавшись на сайте.</p>"
        ),
        ["Комментарии", "Оставьте свой комментарий"],
    ),
    "views": (
        f"<p>{FIRST}</p><p>{MIDDLE}</p><p><span>Просмотров: 1 234</span></p>",
        ["Просмотров"],
    ),
    "rating": (
        f"<p>{FIRST}</p><p>{MIDDLE}</p><p>Оцените, пожалуйста, статью. Нам важно Ваше мнение.</p>",
        ["Оцените", "Нам важно"],
    ),
    "typo": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><p>Если Вы заметили орфографическую ошибку, выделите "
            "её мышью и нажмите Ctrl+Enter</p>"
        ),
        ["заметили орфографическую", "Ctrl+Enter"],
    ),
    "copyright": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><div class='sign'><p>Владелец и правообладатель "
            "проекта «Новости Заречья»: ООО «Медиа»</p><p>При перепечатке материалов ссылка "
            "обязательна.</p><p>Все права защищены.</p></div>"
        ),
        ["правообладатель", "перепечатке", "права защищены"],
    ),
    "nav": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><p>Увеличить фото</p><p>&lt; Предыдущая | Следующая &gt;</p>"
            "<p>Назад | Обсудить в блоге редактора</p>"
        ),
        ["Увеличить фото", "Предыдущая", "Обсудить в блоге"],
    ),
    "imprint": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><p>Адрес редакции: г. Заречный, ул. Мира, 1.</p>"
            "<p>Учредитель: ООО «Медиа»</p><p>Свидетельство о регистрации СМИ Эл № ФС77-00000</p>"
        ),
        ["Адрес редакции", "Учредитель", "Свидетельство"],
    ),
    "subscribe": (
        (
            f"<p>{FIRST}</p><p>{MIDDLE}</p><p><a href='/subscribe'>Подписка на рассылку</a> | "
            "Получайте главные новости дня первыми</p>"
        ),
        ["Подписка на рассылку", "Получайте"],
    ),
}


def _page(body: str) -> str:
    return (
        "<html><body><nav><a href='/'>Главная</a></nav><h1>Школу отремонтируют</h1>"
        f"<div class='story'>{body}<p>{LAST}</p></div></body></html>"
    )


def _story(body: str) -> str:
    """A page whose story container holds `body` alone (no LAST appended)."""
    return f"<html><body><h1>Школу отремонтируют</h1><div class='story'>{body}</div></body></html>"


def _text(html: str) -> str:
    return extract_text(html, "https://news.example/2024/05/12/school.html")


def _between(fragment: str) -> str:
    """The text extracted from a page setting `fragment` between two body paragraphs."""
    return _text(_page(f"<p>{FIRST}</p>{fragment}<p>{MIDDLE}</p>"))


def _assert_dropped_between(line: str) -> None:
    """`line` between two body paragraphs goes; the paragraphs stay."""
    text = _between(f"<p>{line}</p>")
    assert line not in text and FIRST in text and MIDDLE in text


def test_every_class_of_the_vocabulary_has_a_case() -> None:
    assert {phrase.kind for phrase in PHRASES} == set(CASES)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_chrome_of_each_class_is_dropped_and_the_body_kept(kind: str) -> None:
    body, chrome = CASES[kind]
    text = extract_text(_page(body), "https://news.example/2024/05/12/school.html")
    assert [c for c in chrome if c in text] == []
    assert FIRST in text and MIDDLE in text and LAST in text


def test_a_card_line_takes_its_small_box_but_never_the_article_around_it() -> None:
    # the article's own paragraphs in a wrapper of their own, a figures line closing them
    wrapped = f"<div class='inner'><p>{FIRST}</p><p>{MIDDLE}</p><p>Выручка: 4,2 млрд руб.</p></div>"
    text = extract_text(_page(wrapped), "https://news.example/2024/05/12/school.html")
    assert FIRST in text and MIDDLE in text and LAST in text and "Выручка" not in text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Понравилось это:", "like"),
        ("Нравится Загрузка...", "like"),
        ("Поделиться:", "share"),
        ("Версия для печати", "print"),
        ("Постоянный адрес статьи: https://a.example/1", "permalink"),
        ("12.05.2024 10:15", "postdate"),
        ("3 июня 2023 года, 9:05", "postdate"),
        ("Обратная связь с отделом расследований", "feedback"),
        ("Выручка: 12 млрд руб.", "card"),
        ("Ваш браузер устарел", "browser"),
        ("Вы используете устаревший браузер. Обновите его", "browser"),
        ("Пожалуйста, включите JavaScript", "browser"),
        ("В вашем браузере отключен JavaScript", "browser"),
        ("JavaScript отключен", "browser"),
        ("Для корректного отображения страницы обновите браузер", "browser"),
        ("Сайт лучше всего смотреть в браузере Chrome", "browser"),
        ("Теги: Москва, выборы", "tags"),
        ("Ключевые слова: Дом ребенка, колония", "tags"),
        ("Рубрика: Общество", "tags"),
        ("Рубрики: | В мире / Общество / Скандалы и происшествия / Украина", "tags"),
        ("Эта статья в категориях: здоровье.", "tags"),
        ("Читай также: Почему мужчины не любят ходить к врачу", "related"),
        ("Смотри также: Специалисты назвали самые полезные напитки", "related"),
        ("Читайте: Якутия — мировая научная площадка", "related"),
        ("Адреса матеріалу: http://news.example/health/1.html", "permalink"),
        ("Адрес материала: http://news.example/health/1.html", "permalink"),
        ("Добавлено: | 2012-01-15 14:40:09", "postdate"),
        ("Новость была оставлена 16 января 2012 15:59 в категории Экономика.", "postdate"),
        ("Комментировать могут только зарегистрированные пользователи.", "comments"),
        ("Зарегистрируйтесь или войдите, чтобы оставить комментарий", "comments"),
        ("Вы можете читать ответы и комментарии к этой новости через RSS", "comments"),
        ("Оцените, пожалуйста, статью. Нам важно Ваше мнение.", "rating"),
        ("Понравилась статья?", "rating"),
        ("Если вы нашли опечатку, выделите ее и нажмите Ctrl+Enter", "typo"),
        ("Выделите её мышью и нажмите Ctrl+Enter", "typo"),
        ("Владелец и правообладатель проекта: ООО «Медиа»", "copyright"),
        ("При использовании материалов ссылка обязательна", "copyright"),
        ("Адрес редакции: 123007, г. Москва", "imprint"),
        ("Главный редактор: И. И. Иванов", "imprint"),
        ("Подписка на рассылку", "subscribe"),
        ("Спасибо за подписку! Проверьте почту.", "subscribe"),
        ("Просмотров: 1234", "views"),
        ("2 часа назад", "postdate"),
        ("Выручка за 2023 год: 700 млрд руб.", "card"),
        ("Заметили ошибку? Выделите её и нажмите Ctrl+Enter", "typo"),
        ("Обнаружили ошибку? Выделите ее мышью", "typo"),
        ("Ошибка в тексте? Выделите её мышкой и нажмите Ctrl+Enter", "typo"),
        ("Полное или частичное копирование материалов сайта запрещено.", "copyright"),
        ("Перепечатка материалов разрешена только с согласия редакции.", "copyright"),
        ("Использование материалов сайта разрешено только при наличии гиперссылки", "copyright"),
        ("Мнение редакции может не совпадать с мнением автора.", "imprint"),
        ("Мнение автора может не совпадать с позицией редакции", "imprint"),
        ("Этот материал доступен только подписчикам", "subscribe"),
        ("Полный текст доступен для платных подписчиков", "subscribe"),
        ("Регистрационный номер Эл № ФС77-12345", "imprint"),
        ("Зарегистрировано Федеральной службой по надзору в сфере связи", "imprint"),
        ("Главный редактор — Иванов И. И.", "imprint"),
        ("Чтобы оставить комментарий, войдите на сайт", "comments"),
        ("Для того чтобы оставить комментарий, необходимо авторизоваться", "comments"),
        ("Была ли полезна эта статья?", "rating"),
        ("Еще по теме: В области закрыли две школы", "related"),
        ("Ранее по теме: В области закрыли две школы", "related"),
        ("Статьи по теме: В области закрыли две школы", "related"),
        ("Публикации по теме: В области закрыли две школы", "related"),
        ("Загружается, подождите...", "like"),
        ("Просмотров: 2639  Комментариев: 0", "views"),
        ("Прочитано: 51 раз", "views"),
        ("Ваше имя: Комментарий: *", "comments"),
        ("Читать также: В области закрыли две школы", "related"),
        ("Заметили ошибку в тексте? Выделите ее мышкой и нажмите ctrl+Enter.", "typo"),
        ("Добавить в закладки и поделиться с друзьями:", "share"),
        ("Следи за нами на Facebook и Вконтакте.", "share"),
        ("Смотреть эту публикацию в Instagram", "share"),
        ("< Предыдущая | Следующая >", "nav"),
        ("Пред. | След. »", "nav"),
        ("Предыдущая статья | Следующая статья", "nav"),
        ("| Ещё", "nav"),
        ("Увеличить фото", "nav"),
        ("Трансляция новостей на Вашем компьютере установить", "subscribe"),
        ("Интерфакс-Украина | Версия для печати", "print"),
        ("Администрация сайта оставляет за собой право удалять сообщения", "comments"),
        (
            "Суд оштрафовал активиста за пост // Новости Заречья // Общество // 3 мая 2024 г.",
            "related",
        ),
        ("Комментарии", "comments"),
        ("Обсуждение (12)", "comments"),
        ("Добавить комментарий", "comments"),
    ],
)
def test_each_phrase_names_its_class(text: str, kind: str) -> None:
    assert russian_chrome(text) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Нравится ли вам новый парк, спросили мы у жителей.",
        "Поделиться опытом с коллегами приехали врачи из трех областей.",
        "12 мая 2024 года суд вынес приговор по делу о поджоге.",
        "Выручка компании за год выросла вдвое, сообщил директор.",
        "Версия следствия о поджоге пока не подтвердилась.",
        "Включите воображение, — призвал режиссер зрителей перед премьерой.",
        "Для корректной работы больницы нужны еще двадцать врачей, заявил главврач.",
        "Вы используете этот мост каждый день, напомнил мэр жителям.",
        "Обновите данные на Госуслугах до 1 июня, напомнили в Пенсионном фонде.",
        "Браузер «Яндекса» устарел на миллионах компьютеров, подсчитали в компании.",
        "Темы для переговоров стороны согласуют к пятнице.",
        "Комментарии специалистов разошлись, но все сошлись в одном.",
        "Отзывы жителей о новой поликлинике оказались положительными.",
        "Рубрика «Вопрос — ответ» вернется в эфир осенью, пообещали на канале.",
        "Читайте между строк, советует автор книги своим читателям.",
        "Оценка ущерба займет неделю, сообщили в МЧС.",
        "Главный редактор газеты Иван Петров подал в отставку.",
        "Учредитель фонда пообещал вернуть деньги вкладчикам до конца года.",
        "Подписка на газеты в области подорожает с 1 июля.",
        "Все права на землю перешли к городу после решения суда.",
        "Следи за собой, советовала мать, — вспоминает актриса.",
        "Просмотров фильма в кинотеатрах стало вдвое больше, чем год назад.",
        "Два часа назад на трассе произошла авария, сообщили в ГИБДД.",
        "Правообладатель мультсериала «Маша и Медведь» подал иск к видеохостингу.",
        "Правообладатели неоднократно жаловались на пиратские копии фильмов.",
        "При использовании материалов других изданий авторы теперь обязаны указывать источник.",
        "Все права на материалы, созданные сотрудниками, принадлежат работодателю, решил суд.",
        "Свидетельство о регистрации СМИ было аннулировано по решению суда.",
        "СМИ, зарегистрированные в реестре, обязаны хранить записи эфира полгода.",
        "Главный редактор: Тираж падает, реклама уходит в интернет, и мы ищем, как заработать.",
        "Запись была опубликована в телеграм-канале губернатора 12 мая 2024 года.",
        "— Смотрите: вот здесь трещина, вода течет прямо в квартиру, — показывает пенсионерка.",
        "— Читайте: «ремонт запланирован на 2030 год», — возмущается жительница.",
        "Категория: лучший фильм — «Анора»",
        "Обновлено 120 км дорог, еще 40 км отремонтируют к осени.",
        "Просмотров стало больше на 20%, сообщили в компании.",
        "Ваше мнение важно для нас, сказал мэр жителям.",
        "Загружается баржа с зерном, рассказал капитан.",
        "Назад пути нет, заявил министр на встрече с фермерами.",
        "Ещё три дома остались без света после урагана.",
        "Увеличить пенсии с января пообещали в правительстве.",
        "Следующая встреча сторон пройдет в марте.",
        "Назад | Вперёд: как менялась политика ЦБ",
        (
            "Спасибо за подписку, говорилось в сообщении мошенников, после чего у пенсионерки"
            " списали 200 тысяч рублей."
        ),
        "Спасибо за подписку на заем — такие SMS получили тысячи клиентов банка.",
        (
            "«Трансляция новостей на вашем компьютере» — так называлась услуга, которую"
            " рекламировали аферисты."
        ),
        "Также в разделе уголовного кодекса есть статья о клевете.",
        "Размещено 12 млрд рублей облигаций.",
        "Если вы заметили ошибку в квитанции, обратитесь в управляющую компанию.",
        "2 990 ₽ стоит теперь проезд на такси от вокзала до аэропорта.",
        "$99 is the lowest price the headphones have sold for this year.",
        "Instagram content moderators removed the posts within an hour, the company said.",
        "For more than a decade, coverage of the region was thin, visitors said.",
    ],
)
def test_body_sentences_that_start_like_chrome_are_kept(sentence: str) -> None:
    assert russian_chrome(sentence) is None and not chrome_words(sentence)


@pytest.mark.parametrize(
    "line",
    [
        "Динара НАЖИПОВА — 27.11.2011 11:18",
        "14:39 | 25.11.2011",
        "[16:30/28.11.2011]",
        "08.12.2011 г. в 17:50",
        "10:11 09 декабря 2011",
        "08.12.2011 17:42 , ПОСЛЕДНИЕ НОВОСТИ",
        "Mon, 16 Jan 2012 23:53:30",
        "17.01.2012 18:16 ПЛН, Псков",
        "Jan 16, 2012 2:57am",
        "2012-01-17",
        "2011/12/15 11:45 Распечатать",
        "Пятница, 17.01.2012",
    ],
)
def test_a_date_line_is_chrome(line: str) -> None:
    assert date_line(line)
    html = _page(f"<p>{line}</p><p>{FIRST}</p><p>{MIDDLE}</p>")
    assert line not in extract_text(html, "https://news.example/2024/05/12/school.html")


@pytest.mark.parametrize(
    "sentence",
    [
        "Суд назначен на 12.03.2012.",
        "Заседание суда пройдет 12 марта",
        "Москва, 12 мая",
        "В 2011 году погибли 15 человек",
        "Поезд отправится в 10:15 с первого пути, а прибудет в Москву к вечеру",
        "10:00 — Торжественное открытие",
        "10:15 Прибыли спасатели",
        "Явка на 15:00 — 25,3%",
        "1. Иван Петров — 2:12:33",
        "ЦСКА — УНИКС 78:81",
        "Телефон горячей линии: 8 (3452) 45-67-89",
        "16.03.2014 — Референдум в Крыму",
        "Начало в 19:00",
        "Дата: 15.06.2024",
        "Прием заявлений: до 01.02.2025",
        "9:00 p.m. Fireworks",
    ],
)
def test_a_sentence_with_a_date_is_not_a_date_line(sentence: str) -> None:
    assert not date_line(sentence)


@pytest.mark.parametrize(
    "caption",
    [
        "Болельщики на трибуне стадиона. Фото ©Иван Петров",
        "Новая школа на улице Мира. Фото: пресс-служба мэрии",
        "People shopping on Oxford Street. (Photo by Jane Doe/PA Images via Getty Images)",
        "A map of the new fissure on the peninsula. Credit: IMO.",
        "The cast on set in Yorkshire (Photo: Acorn TV)",
        "Bored staff are heading for the booze (Picture: Stock)",
        "WWD/Getty Images",
        "Jane Doe - PA Images | Getty Images",
        "The president speaks in the Rose Garden. (AP Photo/Evan Vucci)",
        "Toilets at the university. Picture: Kristi Miller Source: The Daily Telegraph",
    ],
)
def test_a_caption_standing_without_its_picture_is_dropped(caption: str) -> None:
    _assert_dropped_between(caption)


@pytest.mark.parametrize(
    "sentence",
    [
        "The museum shows a photo by Robert Capa",
        "He got credit: $500 from the bank",
        "Getty Images said it would cut jobs in the spring",
        "The agency licensed the pictures to Getty Images and Shutterstock",
        "Фотограф снимал митинг с крыши дома напротив",
        "Photos by the couple's neighbor show the floodwater reaching the porch within minutes.",
        "Images by the James Webb telescope have revealed a galaxy older than any seen before.",
        "The exhibition (photographs by Sebastião Salgado) runs until September 30.",
        "The singer shared a snap of the baby (photo: Instagram) with her followers on Sunday.",
        "Most of the images in the lawsuit were licensed from Getty Images/Shutterstock",
        "The agency, founded in 1995, now licenses its archive via Getty Images",
    ],
)
def test_a_sentence_naming_a_picture_or_its_agency_is_no_caption(sentence: str) -> None:
    text = _between(f"<p>{sentence}</p>")
    assert sentence in text


def test_a_picture_s_own_caption_keeps_its_credit() -> None:
    caption = "People shopping on Oxford Street. (Photo by Jane Doe/PA Images via Getty Images)"
    html = _page(
        f"<p>{FIRST}</p><figure><img src='/a.jpg' alt=''><figcaption>{caption}</figcaption>"
        f"</figure><p>{MIDDLE}</p>"
    )
    article = extract(Article(url="https://news.example/a", html=html))
    assert [b.text for b in article.blocks if b.type == "caption"] == [caption]


@pytest.mark.parametrize(
    "passage",
    [
        # key figures the article quotes, in an incut
        (
            "<div class='incut'><p>Ключевые показатели за квартал:</p><p>Выручка: 205 млрд руб. "
            "(+12%)</p><p>EBITDA выросла до 61 млрд руб., рентабельность составила 30%</p></div>"
        ),
        # results as a list, one item not a figures line
        (
            "<ul><li>Выручка: 205 млрд руб.</li><li>Чистая прибыль: 40 млрд руб.</li>"
            "<li>Дивиденды составят 40% от прибыли по МСФО</li></ul>"
        ),
        # a subheaded section of the article that quotes a figure
        (
            "<section><h2>Финансы</h2><p>Компания за год сильно нарастила производство труб.</p>"
            "<p>Выручка: 205 млрд руб., что на 12% больше, чем годом ранее.</p></section>"
        ),
    ],
)
def test_figures_the_article_quotes_are_not_a_company_card(passage: str) -> None:
    text = extract_text(
        _page(f"<p>{FIRST}</p>{passage}<p>{MIDDLE}</p>"), "https://news.example/a/1"
    )
    for kept in ("Ключевые показатели", "EBITDA", "Дивиденды", "Финансы", "нарастила"):
        assert kept in text or kept not in passage


def test_a_legal_footer_longer_than_the_article_is_not_taken_for_it() -> None:
    legal = (
        "Владелец и правообладатель проекта «Новости Заречья»: ООО «Медиа», г. Заречный. "
        + "На сайте публикуются материалы независимых журналистов, в том числе резидентов, "
        "иностранных граждан, информагентств, изданий, с которыми имеются договоры, " * 6
    )
    imprint = "Адрес редакции: 123007, г. Заречный, ул. Мира, д. 1, телефон, факс, e-mail, сайт."
    html = (
        "<html><head><title>Школу отремонтируют</title></head><body><h1>Школу отремонтируют</h1>"
        f"<div class='text'><p>{FIRST}</p><p>{MIDDLE}</p><p>{LAST}</p></div>"
        f"<div class='bottom'><div><p>{legal}</p></div><div><p>{imprint}</p></div></div>"
        "</body></html>"
    )
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert FIRST in text and LAST in text
    assert "правообладатель" not in text and "Адрес редакции" not in text


@pytest.mark.parametrize(
    "line",
    [
        "Email | Print | Share | Reprints | Single Page | [-] Text [+]",
        "EMAIL STORY     EASY PRINT     SEARCH     NEWSLETTER",
        "| | Email this article | | Printer friendly format",
        "Digg | Facebook | E-mail | Print",
        "Print Email IM on Yahoo Add to Del.icio.us",
        "Print This Article | Single Page",
        "Save & Share this Article",
        "Large font",
        # tool links set side by side with no space between
        "Email to a friendPrinter friendly",
        "Версия для печати | Отправить другу",
        "Распечатать · Поделиться · Комментарии",
        "Распечатать · Отправить · В избранное",
        "Разместить в LiveJournal",
        "Печатная версия",
        "Share · Tweet · Pin · Email",
        "Читать комментарии",
        "Text Size",
        # the networks a story is posted to, older ones too
        "Post this story to: del.icio.us | Digg | Newsvine | NowPublic | Reddit | Fark",
        # a bar of networks alone
        "Facebook | Twitter | VK",
    ],
)
def test_a_toolbar_line_is_chrome(line: str) -> None:
    assert toolbar_line(line)
    _assert_dropped_between(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices fell sharply on Monday.",
        "Post office workers went on strike",
        "Send your photos by email or post to the news desk.",
        "Share the news",
        "Next, post it on Facebook and Twitter",
        "The Post",
        "Next week the news will print",
        "Post your comments on the governor's plan by Friday",
        "The printer was seized by police in Moscow",
        "Email scandal",
        "Text of the statement",
        "Комментарии к статье губернатора",
        "Печать денег",
        "Версия следствия",
        "Размер штрафа вырос",
        "Разместить беженцев в школах решили власти",
        "Отправить в отставку",
        "Google",
        "Facebook и Twitter",
        "Our rating",
        "Версия",
        "Комментарий",
        "iPhone sales fell",
        "Subscribe with Google",
        "Share with friends",
        "ShareThis",
        "PrintFriendly",
        "McDonald's Print Ads",
    ],
)
def test_a_sentence_with_tool_words_is_not_a_toolbar(sentence: str) -> None:
    assert not toolbar_line(sentence)


ARTICLE = (
    f"<p>{FIRST}</p><p>{MIDDLE}</p>"
    "<p>Работы начнутся с крыши и спортивного зала, затем подрядчик заменит окна в классах.</p>"
    "<p>В управлении образования уточнили, что занятия на время ремонта перенесут в соседнюю школу.</p>"
    f"<p>{LAST}</p>"
)
COMMENTS = (
    "<p>Андрей К. Давно пора было отремонтировать эту школу, дети учатся в холоде.</p>"
    "<p>Мария Ответить Пожаловаться</p>"
    "<p>Сергей Опять деньги уйдут неизвестно куда, как и в прошлый раз с больницей.</p>"
)


@pytest.mark.parametrize(
    "opener",
    [
        "Оставить комментарий",
        "Оставить комментарий * * Администрация сайта не несет ответственности за комментарии",
        "Комментарии читателей",
        "Комментирование закрыто",
        "Comments are now closed for this story",
        "Thanks for your comments - this feedback is now closed",
        "This discussion has been closed.",
        "Have your say",
        "Reader comments",
        "Please email us to report offensive comments.",
        "Add your view",
        "Reader views (5)",
        "2 thoughts on “Mayor resigns”",
        "Leave a Reply",
        (
            "Here's what other readers have said. Why not add your thoughts, or debate this issue"
            " live on our message boards"
        ),
    ],
)
def test_the_comment_thread_after_the_article_goes_with_its_opener(opener: str) -> None:
    text = _text(_story(f"{ARTICLE}<p>{opener}</p>{COMMENTS}"))
    assert FIRST in text and MIDDLE in text and LAST in text
    assert opener not in text and "Давно пора" not in text and "Опять деньги" not in text


def test_a_comment_link_above_the_article_opens_no_thread() -> None:
    text = _text(_story(f"<p>Оставить комментарий</p>{ARTICLE}"))
    assert FIRST in text and MIDDLE in text and LAST in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Комментарии экспертов разошлись: одни ждут снижения ставки, другие нет.",
        "Оставить комментарий журналистам губернатор отказался.",
        "Reader comments on the proposal were overwhelmingly negative, the council said.",
        # news about comments
        "Комментарии отключены у всех роликов с детьми, сообщили в YouTube.",
        "— Обсуждение закрыто?",
        "Comments are now closed on all videos featuring minors, the company said.",
        "The discussion is closed to the public, a spokesman said.",
        "Thanks for your feedback, the minister said, the debate is now closed.",
        # a live report's own lines
        "The debate has now closed.",
        "The debate is closed",
        "The discussion has now closed.",
        "Join the conversation at the town hall on Friday, organizers urged.",
        "Add your views to the consultation before June 1, the council says.",
        "Here's what readers have said about the new timetable: most want later buses.",
        "Here's what other readers have said they want from the new park: benches and shade.",
        "Here's what other readers have said",
        # a live blog's entries and a video's provenance are signed, but nobody reports them
        "Posted by Jane Smith at 10:15 BST",
        "The video, posted by a resident on Facebook on May 1, went viral.",
    ],
)
def test_a_sentence_about_comments_opens_no_thread(sentence: str) -> None:
    text = _text(_story(f"{ARTICLE}<p>{sentence}</p><p>{LAST}</p>"))
    assert sentence in text and LAST in text


def test_signed_comments_are_a_thread_even_without_an_opener() -> None:
    signed = (
        "<p>Posted by: sigil, Bradford on 1:19pm Thu 17 Jan 08</p>"
        "<p>Давно пора было отремонтировать эту школу, дети учатся в холоде.</p>"
        "<p>Quote | Report this post</p>"
        "<p>Posted by: Al Spade, Bradford on 5:17pm Thu 17 Jan 08</p>"
        "<p>Опять деньги уйдут неизвестно куда, как и в прошлый раз с больницей.</p>"
        "<p>Quote | Report this post</p>"
    )
    text = _text(_story(f"{ARTICLE}{signed}"))
    assert FIRST in text and LAST in text
    assert "Давно пора" not in text and "Опять деньги" not in text and "Posted by" not in text


def test_the_article_s_own_byline_is_no_thread() -> None:
    byline = "<p>Posted by Jon Cohen at 10:25 AM on January 14, 2008</p>"
    text = _text(_story(f"{ARTICLE}{byline}<p>{MIDDLE} Ещё одно предложение.</p>"))
    assert f"{MIDDLE} Ещё одно предложение." in text


def test_a_ranked_list_laid_out_as_a_table_is_a_link_list() -> None:
    ranked = "".join(
        f"<tr><td>{i}</td><td><a href='/news/{i}.html'>Заголовок другой новости номер {i}</a></td></tr>"
        for i in range(1, 6)
    )
    data = "<table><tr><td>Школа</td><td>40 млн</td></tr><tr><td>Больница</td><td>15 млн</td></tr></table>"
    text = _text(_story(f"{ARTICLE}{data}<table>{ranked}</table>"))
    assert "40 млн" in text and "Заголовок другой новости" not in text


def test_a_long_line_of_section_links_is_a_menu_and_a_linked_sentence_stays() -> None:
    sections = ["ePaper", "Front Page", "National", "Tamil Nadu", "Andhra Pradesh", "Karnataka"]
    sections += ["Kerala", "New Delhi", "Other States", "International", "Business", "Sport"]
    menu = "News: " + " | ".join(f"<a href='/s/{n}.htm'>{s}</a>" for n, s in enumerate(sections))
    named = (
        "<a href='/p/1'>Иван Петров</a>, <a href='/p/2'>Анна Сидорова</a>, "
        "<a href='/p/3'>Олег Кузнецов</a>, <a href='/p/4'>Мария Иванова</a> и "
        "<a href='/p/5'>Павел Орлов</a> подписали обращение к губернатору области."
    )
    text = _text(_story(f"{ARTICLE}<p>{menu}</p><p>{named}</p>"))
    assert "Front Page" not in text and "Tamil Nadu" not in text
    assert "подписали обращение к губернатору" in text


HEADLINES = [
    "Суд продлил арест бывшему главе района",
    "В городе откроют три новые школы",
    "Мост через реку закроют на ремонт",
    "Спасатели нашли пропавших туристов",
    "Цены на бензин выросли за неделю",
]
NAMES = ["Иван Петров", "Анна Сидорова", "Олег Кузнецов", "Мария Иванова", "Павел Орлов"]


@pytest.mark.parametrize(
    "run",
    [
        # headlines set one after another, nothing between them
        " ".join(f"<a href='/news/{n}.html'>{h}</a>" for n, h in enumerate(HEADLINES)),
        # bullets with each headline's author, the author unlinked
        "".join(
            f"• <a href='/news/{n}.html'>{h}</a> - И. Петров " for n, h in enumerate(HEADLINES)
        ),
        # a menu whose labels ("Новости:", "Реклама:") break the separators-only pattern
        "Новости: "
        + " | ".join(f"<a href='/s/{n}.html'>{h}</a>" for n, h in enumerate(HEADLINES[:3]))
        + " | Реклама: "
        + " | ".join(f"<a href='/ad/{n}.html'>{h}</a>" for n, h in enumerate(HEADLINES[3:])),
    ],
    ids=["headlines", "bullets-with-authors", "labelled-menu"],
)
def test_a_paragraph_of_links_one_after_another_is_a_link_run(run: str) -> None:
    text = _text(_story(f"{ARTICLE}<p>{run}</p>"))
    assert not any(h in text for h in HEADLINES)
    assert MIDDLE in text


@pytest.mark.parametrize(
    "sentence",
    [
        # the names a sentence lists, parted by commas and "и"
        "Обращение подписали "
        + ", ".join(f"<a href='/p/{n}'>{h}</a>" for n, h in enumerate(HEADLINES[:4]))
        + f" и <a href='/p/5'>{HEADLINES[4]}</a>.",
        # four links only: a sentence may link that many of its words
        (
            f"Напомним: <a href='/n/0'>{HEADLINES[0]}</a> после того как <a href='/n/1'>"
            f"{HEADLINES[1]}</a> — теперь <a href='/n/2'>{HEADLINES[2]}</a> — хотя <a href='/n/3'>"
            f"{HEADLINES[3]}</a>."
        ),
        # a recap: each linked event its own sentence, stopped between the links
        "Напомним: в январе "
        + ". ".join(
            f"{month} <a href='/n/{n}'>{h.lower()}</a>"
            for n, (month, h) in enumerate(
                zip(["", "В феврале", "В марте", "В апреле", "В мае"], HEADLINES, strict=True)
            )
        ).lstrip()
        + ".",
        # a list of the dead parted by dashes, the sentence's full stop after the last name
        "В списке погибших: "
        + " — ".join(f"<a href='/p/{n}'>{name}</a>" for n, name in enumerate(NAMES))
        + ".",
        "Dead: " + " — ".join(f"<a href='/p/{n}'>{name}</a>" for n, name in enumerate(NAMES)) + ".",
        # a chronology in English: "Earlier <a>...</a>. Then police said <a>...</a>. Next ..."
        "Earlier <a href='/a/0'>"
        + HEADLINES[0]
        + "</a>"
        + "".join(
            f". {word} <a href='/a/{n}'>{h}</a>"
            for n, (word, h) in enumerate(
                zip(["Then police said", "Next", "Later", "Finally"], HEADLINES[1:]), 1
            )
        )
        + ".",
    ],
    ids=["enumeration", "four-links", "recap", "dead-ru", "dead-en", "chronology"],
)
def test_a_linked_sentence_is_no_link_run(sentence: str) -> None:
    text = _text(_story(f"{ARTICLE}<p>{sentence}</p>"))
    kept = [name for name in (*HEADLINES, *NAMES) if name.lower() in text.lower()]
    assert len(kept) >= 4


@pytest.mark.parametrize(
    "title",
    [
        "More in Sports",
        "Sports Headlines",
        "Most viewed stories",
        "NFL Blogs from the Web",
        # typeset with a curly apostrophe, as most sites write it
        "Editor’s Picks",
        # the site's own name leading it, set apart by inline markup
        "<em>Vanity Fair</em>’s Most Read Stories of 2023",
    ],
)
def test_an_english_box_title_takes_its_links(title: str) -> None:
    box = (
        f"<div><h3>{title}</h3><ul><li><a href='/news/2.html'>Другая новость о школе</a></li>"
        "<li><a href='/news/3.html'>Ещё одна новость о школе</a></li></ul></div>"
    )
    html = _page(f"<p>{FIRST}</p><p>{MIDDLE}</p>{box}")
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert "Read Stories" not in text and re.sub("<[^>]+>", "", title) not in text
    assert "Другая новость" not in text and FIRST in text and LAST in text


@pytest.mark.parametrize(
    "token",
    [
        "UnifiedProductCardWrapper-iFnytN product-embed",
        "product-card",
        "productbox",
        "product_tile",
    ],
)
def test_a_shop_s_product_card_in_the_story_goes(token: str) -> None:
    card = (
        f"<div class='{token}'><img src='/bows.jpg' alt=''><p>Aileam Hair Bows, 6-Pack</p>"
        "<p>$12 $9</p><p>Amazon</p><a href='https://shop.example/bows'>Buy now</a></div>"
    )
    html = _page(f"<p>{FIRST}</p>{card}<p>{MIDDLE}</p>")
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert "Hair Bows" not in text and "Amazon" not in text and "$12" not in text
    assert FIRST in text and MIDDLE in text and LAST in text


def test_a_buying_guide_s_pick_in_a_product_card_is_the_story() -> None:
    pick = (
        "<div class='product-card'><h2>1. Пылесос Dyson V15</h2><p>Самый мощный беспроводной "
        "пылесос из тех, что мы проверили: он собрал почти весь песок с ковра за один проход.</p>"
        "<p>Цена: 59 990 руб.</p></div>"
    )
    text = _between(pick)
    assert "Самый мощный беспроводной" in text and "Dyson V15" in text


def test_a_story_about_a_product_line_is_no_product_card() -> None:
    html = (
        "<html><body><h1>Школу отремонтируют</h1><div class='story product-news'>"
        f"<p>{FIRST}</p><p>{MIDDLE}</p><p>{LAST}</p></div></body></html>"
    )
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert FIRST in text and MIDDLE in text and LAST in text


@pytest.mark.parametrize("token", ["trending-articles", "trending", "widget trending-now"])
def test_a_box_its_class_names_as_trending_stories_goes(token: str) -> None:
    box = (
        f"<div class='{token}'><div>NFL trending</div><ul>"
        "<li><a href='/news/2.html'><h3>Playoff picture, bracket, schedule, standings</h3></a></li>"
        "<li><a href='/news/3.html'><h3>Week 16 odds, best bets and predictions</h3></a></li>"
        "</ul></div>"
    )
    html = _page(f"<p>{FIRST}</p><p>{MIDDLE}</p>{box}")
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert "Playoff picture" not in text and "NFL trending" not in text
    assert FIRST in text and MIDDLE in text and LAST in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Latest news from the front shows the army advancing on the city",
        "More in common than we think, he said.",
        "Top stories of the year were dominated by the war",
        "Stadia’s recommended Chromecast Ultra will be treated to a 30fps experience.",
    ],
)
def test_a_sentence_opening_like_a_box_title_stays(sentence: str) -> None:
    html = _page(f"<p>{FIRST}</p><h2>{sentence}</h2><p>{MIDDLE}</p>")
    assert sentence in extract_text(html, "https://news.example/2024/05/12/school.html")


@pytest.mark.parametrize(
    "line",
    [
        "Share:",
        "View article on single page",
        "View Larger Image",
        "Click photo to enlarge",
        "Article continues",
        "story continues below",
        "Printer-Friendly",
        "Current Rating",
        "Top of Page | Close Window",
        "Skip to next paragraph",
        # an embed's placeholder, and the site's appeals and pointers
        "This content can also be viewed on the site it originates from.",
        "Instagram content",
        "If you enjoy our content, please consider subscribing.",
        "Get the latest updates from MIT Technology Review",
        "For more Culture, Media and Education coverage, visit foxnews.com/media",
        # a shop's disclosure of its affiliate links
        "All products featured on Glamour are independently selected by our editors.",
        "Us Weekly has affiliate partnerships. We receive compensation when you click on a link.",
        "We occasionally recommend interesting products and services.",
        "We may earn revenue from the products available on this page.",
        "If you buy something through our links, we may earn a commission.",
        # a newsletter's or a subscription's pitch, the site's cookie notice
        "This newsletter may contain advertising, deals, or affiliate links.",
        "Want more movie news? Sign up for Entertainment Weekly's free newsletter.",
        "***Please sign up for CBN Newsletters and download the CBN News app.",
        "[Want great stories delivered right to your inbox? Create or log in to your account.]",
        "Get the day's top headlines delivered to your inbox every morning.",
        "The Booklist is a weekly newsletter for book lovers. Get it delivered every Friday.",
        "Can't keep up? Get every update, exclusive clips and more from your favorite family.",
        "Don't want to miss a thing? Sign up for our breaking news alerts.",
        "Don't let yourself miss an ounce of Pixel magic. Sign up for my free e-course.",
        "Follow Allure on Instagram and Twitter, or subscribe to Allure's newsletter.",
        "Not a subscriber to SFX? Then head on over here to get the latest issues.",
        "Our journalism needs your support. Please subscribe today to NJ.com.",
        "Get alerts on the latest AP Top 25 poll throughout the season.",
        "This website uses cookies to enhance user experience.",
        "When you visit our website, we store cookies on your browser to collect information.",
        # an appeal for the readers' news with its numbers, disclaimers, the comment box's prompts
        "When news happens: send photos, videos & tip-offs to 0424 SMS SMH (+61 424 767 764).",
        "These news feeds are provided by an independent third party and we are not liable.",
        "The opinions expressed in this release are those of the organization issuing it.",
        "NOTE: Please post your comments regarding our articles using the above link.",
        "Information from: San Francisco Chronicle, http://www.sfgate.com/chronicle",
        "If you have already created an account, simply login using your email below.",
        "(C) 2008 Magellan Navigation, Inc. All rights reserved. Magellan, Maestro are marks.",
        # the site's pointers to its apps, podcasts and pages elsewhere, an ad's label, a live
        # blog's end
        "- Advertisement -",
        "Enjoy more audio and podcasts on iOS or Android.",
        "Listen to Short Wave on Spotify, Apple Podcasts and Google Podcasts.",
        "Also available on Apple Podcasts",
        "Follow the Mirror US News page on Facebook to make sure you're not missing out.",
        "Follow Deputy Editor Nicolas Stecher on Instagram at @nickstecher and @boozeoftheday.",
        "FOLLOW Follow your favorites to personalize your FOX Sports experience",
        "This live blog has ended. For the most recent updates, click here.",
        "Wrap up the year gone by & gear up for 2024 with HT! Click here",
        "For Michigan's full 2023-24 schedule, click here.",
        "News Alerts by Email click here )",
        "See Offers",
        "Shop This Story",
        "View this post on Instagram",
        "Thanks for signing up!",
        "Your subscription has been confirmed. Keep an eye on your inbox!",
        "Discover special offers, top stories, upcoming events, and more.",
        "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
        # a page's tools, pager and pointers
        "[-] Text [+]",
        "Font:",
        "Rate this Article",
        "Have your say      Read comments",
        "•  Have a view on this story? Send us your feedback!",
        "More Articles:",
        "CONTINUED   1 | 2  Next",
        "Trackback(0)",
        "Bookmark/Search this post with:",
        (
            "The views expressed in the contents above are those of our users and do not"
            " necessarily reflect the views of MailOnline."
        ),
        "Share |",
        "Comments ()",
        "Newest | Oldest | Best rated",
        "The comments below have not been moderated.",
        "Skip to top | bottom",
        "Follow me: twitter.com/LATShariRoan",
        # a shop card's price standing alone
        "$99",
        "$1,299.99",
        "2 990 ₽",
    ],
)
def test_an_english_tool_line_is_chrome(line: str) -> None:
    _assert_dropped_between(line)


@pytest.mark.parametrize(
    "rows",
    [
        [
            ("1", "<a href='/team/1'>Зенит</a>", "53"),
            ("2", "<a href='/team/2'>Краснодар</a>", "50"),
        ],
        [("<a href='/c/1'>Иванов Иван</a>", "<a href='/p/1'>Единая Россия</a>", "45,2")],
    ],
)
def test_a_results_table_linking_its_names_is_kept(rows: list[tuple[str, str, str]]) -> None:
    table = "<table>" + "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    html = _page(f"{ARTICLE}{table}</table>")
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert all(row[2] in text for row in rows)


@pytest.mark.parametrize("counter", ["Комментарии (3)", "12 комментариев", "Comments (3)"])
def test_a_comment_counter_under_a_long_lead_cuts_nothing(counter: str) -> None:
    lead = "<p>" + "Лид статьи о ремонте школы в районе, большой и подробный. " * 8 + "</p>"
    html = _page(f"{lead}<p>{counter}</p>{ARTICLE}")
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert FIRST in text and MIDDLE in text and LAST in text


def test_a_thread_of_reply_links_goes_from_its_counter() -> None:
    thread = (
        "<p>Обсуждение (2)</p><p>Гость: Опять деньги распилят, как в прошлом году.</p>"
        "<p>Ответить</p><p>Марина: А у нас во дворе яма третий год.</p><p>Ответить</p>"
    )
    html = _page(f"{ARTICLE}{thread}")
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert FIRST in text and "Опять деньги" not in text and "яма третий год" not in text


@pytest.mark.parametrize(
    "teasers",
    [
        # a <p> per story, its link a marker at the end of the headline
        (
            "<p>В области закрыли еще две сельские школы <a href='/news/2.html'>&gt;&gt;&gt;</a></p>"
            "<p>Паводок подтопил дачи в пригороде <a href='/news/3.html'>&gt;&gt;&gt;</a></p>"
        ),
        # a list, each item a linked headline and a line of its summary
        (
            "<ul><li><a href='/news/2.html'>В области закрыли еще две сельские школы</a> - Решение"
            " приняли на сессии районного совета, родители против.</li>"
            "<li><a href='/news/3.html'>Паводок подтопил дачи в пригороде</a> - Вода поднялась на"
            " полметра за ночь.</li></ul>"
        ),
    ],
)
def test_a_related_heading_standing_alone_takes_the_teasers_after_it(teasers: str) -> None:
    box = f"<p><b>Ссылки по теме:</b></p>{teasers}"
    text = _text(_page(f"<p>{FIRST}</p><p>{MIDDLE}</p>{box}"))
    assert "закрыли еще две" not in text and "Паводок" not in text and "по теме" not in text
    assert FIRST in text and MIDDLE in text and LAST in text


@pytest.mark.parametrize(
    "heading", ["Статьи по теме:", "Публикации по теме", "Сюжеты по теме", "Также в разделе:"]
)
def test_each_related_heading_takes_its_teasers_above_or_below_the_story(heading: str) -> None:
    box = (
        f"<div><p><b>{heading}</b></p><ul><li><a href='/news/2.html'>В области закрыли еще две "
        "сельские школы</a></li><li><a href='/news/3.html'>Паводок подтопил дачи</a></li></ul></div>"
    )
    for body in (f"{box}<p>{FIRST}</p><p>{MIDDLE}</p>", f"<p>{FIRST}</p><p>{MIDDLE}</p>{box}"):
        text = _text(_page(body))
        assert "закрыли еще две" not in text and "Паводок" not in text and "по теме" not in text
        assert FIRST in text and MIDDLE in text and LAST in text


@pytest.mark.parametrize(
    "sentence",
    [
        "По теме доклада выступил министр, сообщили в ведомстве.",
        "Другие новости из региона мэр обещал обсудить позже, сказал он.",
        "Популярное у туристов озеро обмелело за лето, сообщили экологи.",
        "Также в разделе уголовного кодекса есть статья о клевете, напомнил юрист.",
        "Related research shows the drug works, the authors said.",
    ],
)
def test_a_story_paragraph_that_opens_like_a_related_heading_stays(sentence: str) -> None:
    text = _between(f"<p>{sentence}</p>")
    assert sentence in text and FIRST in text and MIDDLE in text


@pytest.mark.parametrize(
    "sentence",
    [
        "Поделитесь мнением, попросил губернатор жителей на встрече.",
        "Следите за нами, — сказал оперативник задержанному.",
        "Отправить другу посылку теперь можно через любой киоск, сообщили на почте.",
        "Смотрите также на то, как меняется город, призвал мэр.",
        "Subscribe to nothing you cannot cancel online, the regulator told shoppers.",
    ],
)
def test_speech_the_story_reports_stays_whatever_words_open_it(sentence: str) -> None:
    assert reported_speech(sentence)
    text = _between(f"<p>{sentence}</p>")
    assert sentence in text


@pytest.mark.parametrize(
    "line",
    [
        "Поделитесь этой новостью с друзьями!",
        "Следите за нами в Telegram и ВКонтакте",
        "Citation: Polluted air means more asthma attacks, says new study (2023, December 22)",
    ],
)
def test_a_site_notice_reports_no_speech(line: str) -> None:
    assert not reported_speech(line)


@pytest.mark.parametrize(
    "line",
    [
        (
            "<blockquote>Читайте также: <a href='/2024/05/10/p.html'>Россия не планирует новую "
            "мобилизацию, заявил Песков</a></blockquote>"
        ),
        (
            "<ol><li>Читайте также: <a href='/2024/05/10/p.html'>Россия не планирует новую "
            "мобилизацию, заявил Песков</a></li></ol>"
        ),
    ],
)
def test_a_related_line_whose_linked_headline_reports_speech_still_goes(line: str) -> None:
    text = _between(line)
    assert "мобилизацию" not in text and FIRST in text and MIDDLE in text


def test_a_related_box_of_unlinked_teasers_goes_whole() -> None:
    box = (
        "<div><p><b>Читайте также</b></p><p>Суд арестовал бывшего замминистра обороны по делу о "
        "взятке.</p><p>В Подмосковье ограничат движение грузовиков из-за жары.</p></div>"
    )
    text = _text(_page(f"<p>{FIRST}</p><p>{MIDDLE}</p>{box}"))
    assert "замминистра" not in text and "грузовиков" not in text and MIDDLE in text


@pytest.mark.parametrize(
    "paragraph",
    [
        (
            "<p>Также в разделе <a href='/docs'>«Документы»</a> на сайте мэрии размещены образцы "
            "заявлений на компенсацию.</p>"
        ),
        "<p>Ещё в рубрике «Вопрос эксперту» юрист Анна Смирнова рассказала, как оспорить штраф</p>",
        "<h2>Ваше мнение</h2>",
    ],
)
def test_a_story_paragraph_or_subheading_worded_like_chrome_stays(paragraph: str) -> None:
    text = _between(paragraph)
    assert re.sub("<[^>]+>", "", paragraph) in text


def test_a_related_line_without_links_still_goes() -> None:
    text = _text(_page(f"<p>{FIRST}</p><p>Читайте также: В области закрыли две школы</p>"))
    assert "закрыли две" not in text and FIRST in text and LAST in text


@pytest.mark.parametrize(
    "heading", ["<h2>More from this author</h2>", "<p><b>Читайте также</b></p>"]
)
def test_a_grid_of_cards_under_a_related_title_goes_with_it(heading: str) -> None:
    cards = "".join(
        f"<div class='card'><h3>Другая новость номер {n} о ремонте школ</h3><p>{MIDDLE}</p>"
        f"<a href='/news/{n}.html'>Читать дальше</a></div>"
        for n in range(8)  # a box longer than a related box's own text may be
    )
    html = _page(
        f"<p>{FIRST}</p><p>{MIDDLE}</p><div class='more'>{heading}<div>{cards}</div></div>"
    )
    text = extract_text(html, "https://news.example/2024/05/12/school.html")
    assert "Другая новость" not in text and "Читать дальше" not in text
    assert FIRST in text and LAST in text


def test_after_a_related_heading_the_article_s_own_paragraphs_stay() -> None:
    # a paragraph that opens with a linked name, and one that cites its source at the end
    opens = f"<p><a href='/persons/petrov'>Иван Петров</a> добавил, что {MIDDLE.lower()}</p>"
    cites = "<p>Смета уже согласована с областью, сообщает <a href='https://tass.ru/'>ТАСС</a>.</p>"
    text = _text(_page(f"<p>{FIRST}</p><p><b>Читайте также:</b></p>{opens}{cites}"))
    assert "Иван Петров добавил" in text and "сообщает ТАСС" in text and LAST in text


@pytest.mark.parametrize(
    "heads",
    [
        [("Марина", "6 Января 2012 15:58:06"), ("Piter", "7 января 2012 22:22:50")],
        # initials with a dot, and the time set before the date
        [("А. Иванов", "15:58, 6 января 2012"), ("О.В. Петрова", "22:22 7 января 2012")],
    ],
    ids=["name-date-time", "initials-time-date"],
)
def test_a_comment_thread_laid_out_in_tables_goes_from_its_first_comment(
    heads: list[tuple[str, str]],
) -> None:
    def comment(name: str, when: str, words: str) -> str:
        return (
            f"<table><tr><td><img src='/u.gif'></td><td><b>{name}</b> {when}"
            f" <b>0</b><div><a href='#' onclick='answer(1)'>ответить</a></div></td></tr></table>"
            f"<div class='c4'>{words}</div>"
        )

    thread = (
        comment(*heads[0], "Давно пора было отремонтировать эту школу.")
        + comment(*heads[1], "Опять деньги уйдут неизвестно куда.")
        + comment("Фанат", "8 января 2012 00:09:56", "Дети учатся в холоде третий год подряд.")
    )
    text = _text(_story(f"{ARTICLE}{thread}"))
    assert FIRST in text and LAST in text
    assert "Давно пора" not in text and "Опять деньги" not in text and "ответить" not in text


@pytest.mark.parametrize(
    "line",
    [
        "Опубликовано: Вторник, 6 декабря, 2011 в 16:24",
        "Интерфакс-Украина | Версия\xa0для\xa0печати",  # written with &nbsp;
        "Версия&nbsp;для&nbsp;печати",
    ],
)
def test_chrome_written_with_weekdays_or_no_break_spaces_is_dropped(line: str) -> None:
    text = _between(f"<p>{line}</p>")
    assert "печати" not in text and "Опубликовано" not in text
    assert FIRST in text and MIDDLE in text and LAST in text


@pytest.mark.parametrize(
    "after",
    [
        # a source cited by its link at the end, no period
        (
            "<p>Ранее губернатор заявил, что ситуация остаётся сложной, сообщает"
            " <a href='https://tass.ru/'>ТАСС</a></p>"
        ),
        # mostly link, ending as a sentence
        (
            "<p>Полный текст программы опубликован на <a href='/doc'>официальном портале"
            " правительства региона</a>.</p>"
        ),
        # a footnote mark and an address are no link to a story
        "<p>Об этом говорят данные, собранные в ходе опроса.<a href='#fn1'>[1]</a></p>",
        (
            "<p>Предложения можно направлять по адресу"
            " <a href='mailto:bus@mosreg.ru'>bus@mosreg.ru</a></p>"
        ),
        # a list of people, each opening with a linked name
        (
            "<ul><li><a href='/p/1'>Алексей Петров</a>, министр транспорта, считает программу"
            " выполнимой.</li><li><a href='/p/2'>Иван Сидоров</a>, эксперт, сомневается в"
            " сроках.</li></ul>"
        ),
    ],
)
def test_article_text_after_a_related_heading_is_no_teaser(after: str) -> None:
    text = _text(_page(f"<p>{FIRST}</p><p>Читайте также:</p>{after}<p>{MIDDLE}</p>"))
    assert all(line in text for line in lxml_lines(after))
    assert FIRST in text and MIDDLE in text and LAST in text


def test_a_sentence_opening_like_a_related_heading_takes_nothing_after_it() -> None:
    cited = "<p>Ранее об этом сообщал <a href='https://ria.ru/'>РИА Новости</a></p>"
    text = _text(_page(f"<p>{FIRST}</p><p>По теме совещания высказались депутаты.</p>{cited}"))
    assert "Ранее об этом сообщал РИА Новости" in text and LAST in text


def test_a_table_cell_saying_reply_opens_no_thread() -> None:
    gestures = (
        "<table><tr><th>Жест</th><th>Действие</th></tr><tr><td>Свайп влево</td><td>Ответить</td>"
        "</tr><tr><td>Долгое нажатие</td><td>Меню</td></tr><tr><td>Ctrl+R</td><td>Ответить</td>"
        "</tr></table>"
    )
    text = _text(_story(f"{ARTICLE}{gestures}<p>{MIDDLE} Это последний абзац.</p>"))
    assert "Свайп влево" in text and f"{MIDDLE} Это последний абзац." in text


def lxml_lines(markup: str) -> list[str]:
    """The text of each list item in `markup`, or its whole text when it holds no list."""
    from lxml import html

    tree = html.fromstring(f"<div>{markup}</div>")
    return [" ".join(el.text_content().split()) for el in (list(tree.iter("li")) or [tree])]


@pytest.mark.parametrize(
    ("tag", "title"), [("h2", "Read next:"), ("h3", "Читайте также"), ("h4", "Related stories")]
)
def test_a_related_heading_inside_the_story_takes_the_teasers_after_it(
    tag: str, title: str
) -> None:
    teasers = (
        f"<{tag}>{title}</{tag}>"
        "<p><a href='/news/2.html'>Другая новость о школе и ее ремонте</a></p>"
        "<p><a href='/news/3.html'>Ещё одна новость о школе района</a></p>"
    )
    text = _text(_story(f"<p>{FIRST}</p>{teasers}<p>{MIDDLE}</p><p>{LAST}</p>"))
    assert FIRST in text and MIDDLE in text and LAST in text
    assert title not in text and "Другая новость" not in text and "Ещё одна" not in text


def test_a_related_heading_takes_its_long_list_of_teasers_with_summaries() -> None:
    """A box too long to go whole for its heading (teasers with a summary each): the heading
    takes the list that follows it."""
    summary = "Жители района рассказали о том, как прошел ремонт, и что еще предстоит сделать. " * 2
    items = "".join(
        f"<li><h4><a href='/news/{n}.html'>Другая новость о школе номер {n}</a></h4>"
        f"<p>{summary}</p><p><a href='/news/{n}.html#c'>0 комментариев</a></p></li>"
        for n in range(4)
    )
    box = f"<div id='relatedArticles'><h3>Related Articles</h3><ul>{items}</ul></div>"
    html = _page(f"<p>{FIRST}</p><p>{MIDDLE}</p>{box}")
    text = extract_text(
        html, "https://news.example/2024/05/12/school.html", Options(second_opinion=False)
    )
    assert FIRST in text and MIDDLE in text and LAST in text
    assert "Другая новость" not in text and "Жители района" not in text


STORY_RU = [
    FIRST,
    MIDDLE,
    LAST,
    "Работы планируют закончить к первому сентября, до начала занятий.",
]


@pytest.mark.parametrize(
    "note",
    [
        "Travis Andersen can be reached at travis.andersen@globe.com.",
        "Michael Ruiz is a reporter for Fox News Digital. Story tips can be sent to m.ruiz@fox.com",
        "Jim Walsh is a senior reporter for the Courier-Post. Email: jwalsh@cpsj.com.",
        "L. Daniela Alvarez is a contributing writer for Better Homes & Gardens.",
        "Julia Beizer is The Post’s mobile projects editor.",
        "Jane Doe covers city hall for the Gazette.",
        "— Jane Doe is a staff writer for the Gazette.",
        "Email Jane Doe at jane.doe@gazette.example.",
        "Kaitlyn McCormick writes about community news across South Jersey for the Courier Post.",
        "To contact the reporter on this story: Heather Smith in Paris at hsmith26@bloomberg.net",
        "You can email Amy Dickinson at askamy@amydickinson.com or follow her on Twitter.",
        "Связаться с автором: ivan.petrov@news.example",
    ],
)
def test_the_writers_contact_or_bio_under_the_story_goes(note: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY_RU)
    text = _text(_story(f"{paragraphs}<p><em>{note}</em></p>"))
    assert note[:30] not in text and all(p in text for p in STORY_RU)


@pytest.mark.parametrize(
    "line",
    [
        # quoted, or the story's own sentences on the trade
        "“We earn a commission on every booking,” the founder said.",
        "“We use cookies to track you across the web,” the banner read.",
        "Popular Information is a daily newsletter written by a former staffer.",
        "Can't keep up with rising rents? Get help from the city, the mayor said.",
        "Can't keep up? Join the club: nearly half of parents say the apps change too fast.",
        "Don't want to miss a thing? Join the thousands of fans camping outside the stadium.",
        "Follow the senator on X and you will find posts urging voters to subscribe to his newsletter.",
        "The Morning Dispatch is a daily newsletter founded in 2020. Subscribe numbers have tripled.",
        "Want to know if an invoice delivered to your inbox is fake? Call the supplier first.",
        "Get a payment request delivered to your inbox from a new account? Do not pay it.",
        "Follow the money on Twitter and in the filings, the prosecutor told the jury.",
        "Download the app on Google Play and the ministry says you can apply online, as thousands did.",
        "Listen to the sirens on the recording and you hear how close the shelling came, he said.",
        "Click here, the phishing email urged, and thousands of customers did exactly that last week.",
        (
            "Thanks for signing up to the class action, the lawyer told the 300 families on Monday,"
            " and the court will hear the case in March."
        ),
        "Stay connected to the grid or go off it: the town voted on Tuesday to decide.",
        "Have your say on the new bypass at the meeting on Monday, the council urged residents.",
        "More stories of abuse emerged after the report was published.",
        "Vote counting continued into the night in three districts.",
        "Follow me, the guide said, and led the group down into the flooded tunnel below the station.",
        "Newest figures from the statistics office show prices rising again in the north.",
        "Best rated hospitals in the region still wait weeks for supplies, the survey found.",
        # a platform's news, a scam's text quoted, a feature's name
        "Download speeds dropped sharply on Android.",
        "Get rich quick schemes thrive on the App Store",
        "Enjoy free calls on iOS and Android, the company promised.",
        "Enjoy Netflix? Prices rise on iOS.",
        "Listen to this: the app now charges on iOS.",
        "Also available on Spotify: the hit single that started it all.",
        "Follow the money on Telegram.",
        (
            "Follow your favourites is the name of the new feature that the broadcaster launched"
            " on Monday, letting viewers pick teams."
        ),
        'He told victims: "Just click here."',
        'The text said: "Your parcel could not be delivered, click here."',
        "Police warned residents never to open a text that just says click here",
        "Thanks for signing up, the scam email began.",
        '"Thanks for signing up!" read the message, seconds before the account was emptied.',
        (
            "Your subscription has been confirmed, read the fake email that thousands of customers"
            " received on Monday."
        ),
        '"Discover special offers" was the subject line of the phishing email sent to 2m customers.',
        (
            "Our standards: the paper's new code of ethics, published on Monday, bans reporters"
            " from accepting gifts."
        ),
        "This live blog has closed a chapter in the paper's history.",
        "Police warned about fake parcel alerts asking people to click here",
        "The text read: Your parcel could not be delivered. Click here",
        "Experts say the worst updates tell you to click here",
        "Step 3: Click here",
        "Have your say: residents get two weeks to comment",
        (
            "Have a view on this story? The transport minister certainly had one, and he shared"
            " it at length in parliament on Wednesday."
        ),
        "Amazon has affiliate partnerships with thousands of sites, the filing says.",
        "Please sign up for the evacuation list at the town hall, the governor said.",
        "Get alerts on your phone when the river rises, officials told residents.",
        "Get groceries delivered to your door, the ad promised; few of them ever came.",
        "Not a subscriber? That question is at the heart of the lawsuit against the paper.",
        "Send photos of the flood to the council, the mayor urged residents on Monday.",
        "“Please send us your videos,” the police said, asking witnesses to come forward.",
        "Our website uses cookies, the regulator's notice said, and fined the firm.",
        "We get most of our revenue from subscriptions, and the rest from events, he said.",
        "We use cookies only for login, the founder said: " + " ".join(["We sell nothing."] * 20),
    ],
)
def test_a_story_sentence_that_opens_like_a_sites_pitch_stays(line: str) -> None:
    text = _between(f"<p>{line}</p>")
    assert line in text


@pytest.mark.parametrize(
    "closing",
    [
        # a story's closing line on a source, a suspect or a reporter in the news
        "Attempts to reach him on Telegram were unsuccessful.",
        "Police asked anyone with information to contact them at tips@police.example.",
        "The county urged residents to follow them on X for updates.",
        "Следователи установили адрес автора телеграм-канала и провели у него обыск.",
        "Evan Gershkovich is a reporter for The Wall Street Journal. He has been held since March.",
        "Vladimir Kara-Murza is a Kremlin critic.",
        "Ivan Petrov is a political analyst at the Carnegie Endowment.",
        "“You can reach me at any time, mayor@town.example,” the mayor told reporters.",
        # a story on someone, ending on where to find them: the story's own words
        (
            "On Twitter, Williamson notes that he is often on the road “making photos.” You can"
            " follow him on Twitter @williamson."
        ),
        "The mayor said he was a reporter for the Times before he went into politics.",
        "Ivanov is a former editor of the paper, and the court will hear his case in June.",
    ],
)
def test_a_closing_sentence_about_someone_stays(closing: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY_RU)
    assert closing in _text(_story(f"{paragraphs}<p>{closing}</p>"))


def test_a_contact_line_high_in_the_story_is_the_storys() -> None:
    contact = "Readers can be reached at the hotline, the police said: tips@police.example"
    paragraphs = [FIRST, contact, *STORY_RU[1:], "Ремонт оплатят из областного бюджета."]
    text = _text(_story("".join(f"<p>{p}</p>" for p in paragraphs)))
    assert contact in text


def test_a_bio_the_story_goes_on_after_is_the_storys() -> None:
    bio = "Jane Doe is a reporter for the Gazette."
    paragraphs = [*STORY_RU[:3], bio, f"{STORY_RU[3]} {MIDDLE}"]
    text = _text(_story("".join(f"<p>{p}</p>" for p in paragraphs)))
    assert bio in text


@pytest.mark.parametrize(
    ("heading", "bio", "more"),
    [
        (
            "About the author",
            (
                "L. Daniela Alvarez is a contributing writer for Better Homes &amp; Gardens with three"
                " years of experience. To make this list, she tested forty gifts at home."
            ),
            "She wrote two books on gardening and lives in Ohio with her family.",
        ),
        (
            "Who We Are",
            (
                "Jane Doe is a senior editor at the Gazette who has covered the city since 2010. She"
                " lives in the old town with two cats."
            ),
            "Her first book, on the city's bridges, came out in 2019 and won a prize.",
        ),
        (
            "Об авторе",
            (
                "Олег Смирнов — обозреватель «Известий», пишет о политике. Автор книги о реформах и"
                " лауреат премии «Золотое перо»."
            ),
            "Живёт в Москве, преподаёт журналистику в университете с две тысячи десятого года.",
        ),
    ],
)
def test_a_bio_under_its_heading_at_the_end_goes_however_long(
    heading: str, bio: str, more: str
) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY_RU)
    text = _text(_story(f"{paragraphs}<h2>{heading}</h2><p>{bio} {more}</p>"))
    assert heading not in text and bio.split()[-2] not in text and more not in text
    assert all(p in text for p in STORY_RU)


@pytest.mark.parametrize(
    "tail",
    [
        # the heading, but what it opens is no writer's bio: a group's story
        "<h2>Who We Are</h2><p>We are volunteers who clean the river every spring, she said.</p>",
        # a bio under its heading with the story's own paragraph after it: a correction, the
        # essay the bio introduced
        (
            "<h2>About the author</h2><p>Jane Doe is a senior reporter for the Gazette.</p>"
            "<p>Correction: An earlier version of this story misstated the date of the vote.</p>"
        ),
        (
            "<h3>About the author</h3><p>Jane Doe is a contributing writer for the Gazette. In"
            " this post she explains the new timetable.</p><p>The ferry will leave every twenty"
            " minutes from the old pier.</p>"
        ),
        # a story's end on someone who is no writer now, or on no one
        "<h2>Об авторе</h2><p>Олег Смирнов — бывший главный редактор газеты. Он уволился.</p>",
        "<h2>Об авторе</h2><p>Олег Смирнов — отец корреспондента «Известий», сказал он.</p>",
        # a bio under its heading that the story goes on after, under a heading of its own
        (
            "<h2>About the author</h2><p>Jane Doe is a writer for the Gazette. She wrote three"
            " books on the river.</p><h2>The river today</h2><p>The river is clean again, the"
            " council said on Monday.</p>"
        ),
    ],
)
def test_a_section_that_is_not_the_writers_bio_at_the_end_stays(tail: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY_RU)
    text = _text(_story(f"{paragraphs}{tail}"))
    last = tail.rsplit("<p>", 1)[1].removesuffix("</p>")
    assert last in text


def test_the_heading_over_a_short_bio_goes_with_it() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY_RU)
    bio = "Jane Doe is a reporter for the Gazette."
    after = "<h3>Prices</h3><p>The gifts cost under thirty dollars each, the shops said.</p>"
    text = _text(_story(f"{paragraphs}<h3>About the author</h3><p>{bio}</p>{after}"))
    assert "About the author" not in text and bio not in text and "the shops said" in text


def test_the_writers_note_over_a_videos_title_still_goes() -> None:
    note = "Jim Walsh is a senior reporter for the Courier-Post. Email: jwalsh@cpsj.example."
    paragraphs = [*STORY_RU, note, "Police officers laugh as they struggle to catch a pig"]
    text = _text(_story("".join(f"<p>{p}</p>" for p in paragraphs)))
    assert "Jim Walsh" not in text and all(p in text for p in STORY_RU)


@pytest.mark.parametrize(
    "subheading",
    ["Translate", "Vote", "Newest", "Best rated", "Stay connected", "Ещё", "Увеличить"],
)
def test_a_short_subheading_like_a_tools_label_is_the_storys(subheading: str) -> None:
    text = _between(f"<h3>{subheading}</h3><p>{MIDDLE}</p>")
    assert subheading in text


def test_a_table_row_opening_like_a_pages_navigation_is_kept() -> None:
    rows = "<tr><td>Назад</td><td>3,5%</td><td>2,1%</td></tr><tr><td>Вперёд</td><td>4,0%</td><td>1,2%</td></tr>"
    text = _between(f"<table>{rows}</table>")
    assert "3,5%" in text and "Назад" in text
