"""The leak test's own fixture: the example organization with a unique marker planted in every
place where internal (and, as a control, public) text can stand.

The example itself stays a showcase with no test markers; `marked_demo` copies it and turns
each listed line into its marked form (each must be found exactly once).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DEMO, copy_portal

INTERNAL_MARKERS = [
    "INTERNAL-ITEM-NOTE", "INTERNAL-FINDING-NOTE", "INTERNAL-RISK-EVIDENCE",
    "INTERNAL-RISK-CAUSES", "INTERNAL-RISK-RECOMMENDATION", "INTERNAL-PASSAGE",
    "INTERNAL-FILE-EVIDENCE", "INTERNAL-FILE-CAUSES", "INTERNAL-FILE-RECOMMENDATION",
    "INTERNAL-PAGE-TITLE", "INTERNAL-PAGE", "INTERNAL-PROTOCOL", "INTERNAL-CONCLUSION",
    "INTERNAL-MEASURE-TEXT", "INTERNAL-MEASURE-EVIDENCE", "INTERNAL-MEASURE-NOTE",
    "INTERNAL-MEASURE-OWN-NOTE", "INTERNAL-COLUMN-TITLE", "INTERNAL-COLUMN-VALUE"]
PUBLIC_MARKERS = ["PUBLIC-EVIDENCE", "PUBLIC-RECOMMENDATION", "PUBLIC-PASSAGE", "PUBLIC-PAGE",
                  "PUBLIC-PROTOCOL", "PUBLIC-INTRO", "PUBLIC-MEASURE-TEXT",
                  "PUBLIC-MEASURE-EVIDENCE", "PUBLIC-COLUMN-VALUE"]

# (file, line in the example, the same line with its marker)
PLANTED = [
    ('content/findings/budget.md', 'kk: Тауар бағасы нарықтан 30% жоғары.', 'kk: INTERNAL-FILE-EVIDENCE-kk тауар бағасы нарықтан 30% жоғары.'),
    ('content/findings/budget.md', 'ru: Цена товара на 30% выше рыночной.', 'ru: INTERNAL-FILE-EVIDENCE-ru цена товара на 30% выше рыночной.'),
    ('content/findings/budget.md', 'kk: Нарықты зерттеу жүргізілмеген.', 'kk: INTERNAL-FILE-CAUSES-kk нарықты зерттеу жүргізілмеген.'),
    ('content/findings/budget.md', 'ru: Не проводилось изучение рынка.', 'ru: INTERNAL-FILE-CAUSES-ru не проводилось изучение рынка.'),
    ('content/findings/budget.md', 'kk: Бағаны негіздеу тәртібін енгізу.', 'kk: INTERNAL-FILE-RECOMMENDATION-kk бағаны негіздеу тәртібін енгізу.'),
    ('content/findings/budget.md', 'ru: Ввести порядок обоснования цены.', 'ru: INTERNAL-FILE-RECOMMENDATION-ru ввести порядок обоснования цены.'),
    ('content/findings/contracts.md', 'kk: 2024 жылы жасалған 12 шарттың 9-ында сыбайлас жемқорлыққа қарсы ескертпе жоқ.', 'kk: 2024 жылы жасалған 12 шарттың 9-ында сыбайлас жемқорлыққа қарсы ескертпе жоқ (PUBLIC-EVIDENCE-kk).'),
    ('content/findings/contracts.md', 'ru: В 9 из 12 договоров 2024 года нет антикоррупционной оговорки.', 'ru: В 9 из 12 договоров 2024 года нет антикоррупционной оговорки (PUBLIC-EVIDENCE-ru).'),
    ('content/findings/contracts.md', 'kk: Шарттардың үлгі нысанына сыбайлас жемқорлыққа қарсы ескертпе енгізу.', 'kk: Шарттардың үлгі нысанына сыбайлас жемқорлыққа қарсы ескертпе енгізу (PUBLIC-RECOMMENDATION-kk).'),
    ('content/findings/contracts.md', 'ru: Включить антикоррупционную оговорку в типовую форму договора.', 'ru: Включить антикоррупционную оговорку в типовую форму договора (PUBLIC-RECOMMENDATION-ru).'),
    ('content/findings/contracts.md', 'kk: Заңгермен ауызша келісілді.', 'kk: INTERNAL-FINDING-NOTE-kk — заңгермен ауызша келісілді.'),
    ('content/findings/contracts.md', 'ru: Устно согласовано с юристом.', 'ru: INTERNAL-FINDING-NOTE-ru — устно согласовано с юристом.'),
    ('content/findings/contracts.md', 'kk: Бір жеткізушімен қатарынан үш шарт.', 'kk: INTERNAL-RISK-EVIDENCE-kk бір жеткізушімен қатарынан үш шарт.'),
    ('content/findings/contracts.md', 'ru: Три договора подряд с одним поставщиком.', 'ru: INTERNAL-RISK-EVIDENCE-ru три договора подряд с одним поставщиком.'),
    ('content/findings/contracts.md', 'kk: Баға ұсыныстары сақталмаған.', 'kk: INTERNAL-RISK-CAUSES-kk баға ұсыныстары сақталмаған.'),
    ('content/findings/contracts.md', 'ru: Ценовые предложения не сохранялись.', 'ru: INTERNAL-RISK-CAUSES-ru ценовые предложения не сохранялись.'),
    ('content/findings/contracts.md', 'kk: Баға ұсыныстарын тіркеу.', 'kk: INTERNAL-RISK-RECOMMENDATION-kk баға ұсыныстарын тіркеу.'),
    ('content/findings/contracts.md', 'ru: Регистрировать ценовые предложения.', 'ru: INTERNAL-RISK-RECOMMENDATION-ru регистрировать ценовые предложения.'),
    ('content/findings/contracts.md', 'Бағыт бойынша 2024 жылғы барлық шарттар қаралды.', 'Бағыт бойынша 2024 жылғы барлық шарттар қаралды (PUBLIC-PASSAGE-kk).'),
    ('content/findings/contracts.md', 'Жеткізушінің аты-жөні тек ішкі пайдалану үшін.', 'INTERNAL-PASSAGE-kk: жеткізушінің аты-жөні тек ішкі пайдалану үшін.'),
    ('content/findings/contracts.md', 'Рассмотрены все договоры 2024 года по направлению.', 'Рассмотрены все договоры 2024 года по направлению (PUBLIC-PASSAGE-ru).'),
    ('content/findings/contracts.md', 'Имя поставщика только для внутреннего пользования.', 'INTERNAL-PASSAGE-ru: имя поставщика только для внутреннего пользования.'),
    ('content/pages/announcement.md', 'талдау жүргізеді. Ұсыныстарды **хатшыға** жіберуге болады.', 'талдау жүргізеді. Ұсыныстарды **хатшыға** жіберуге болады (PUBLIC-PAGE-kk).'),
    ('content/pages/announcement.md', 'рисков. Предложения можно направить **секретарю**.', 'рисков. Предложения можно направить **секретарю** (PUBLIC-PAGE-ru).'),
    ('content/pages/protocol.md', 'Нәтижелер ата-аналар комитетімен талқыланды.', 'Нәтижелер ата-аналар комитетімен талқыланды (PUBLIC-PROTOCOL-kk).'),
    ('content/pages/protocol.md', 'Қатысушылардың телефондары.', 'INTERNAL-PROTOCOL-kk: қатысушылардың телефондары.'),
    ('content/pages/protocol.md', 'Результаты обсуждены с родительским комитетом.', 'Результаты обсуждены с родительским комитетом (PUBLIC-PROTOCOL-ru).'),
    ('content/pages/protocol.md', 'Телефоны участников.', 'INTERNAL-PROTOCOL-ru: телефоны участников.'),
    ('content/pages/working-notes.md', 'kk: Жұмыс тобының ескертпелері', 'kk: Жұмыс тобының ескертпелері INTERNAL-PAGE-TITLE-kk'),
    ('content/pages/working-notes.md', 'ru: Заметки рабочей группы', 'ru: Заметки рабочей группы INTERNAL-PAGE-TITLE-ru'),
    ('content/pages/working-notes.md', 'Келесі отырыс сейсенбіде.', 'INTERNAL-PAGE-kk: келесі отырыс сейсенбіде.'),
    ('content/pages/working-notes.md', 'Следующее заседание во вторник.', 'INTERNAL-PAGE-ru: следующее заседание во вторник.'),
    ('content/reference/conclusion.md', 'Қорытынды әлі келісілмеген.', 'INTERNAL-CONCLUSION-kk: қорытынды әлі келісілмеген.'),
    ('content/reference/conclusion.md', 'Заключение ещё не согласовано.', 'INTERNAL-CONCLUSION-ru: заключение ещё не согласовано.'),
    ('content/reference/introduction.md', 'Талдау ойдан шығарылған «Үлгі» ұйымында жүргізілді.', 'Талдау ойдан шығарылған «Үлгі» ұйымында жүргізілді (PUBLIC-INTRO-kk).'),
    ('content/reference/introduction.md', 'Анализ проведён в вымышленной организации «Үлгі».', 'Анализ проведён в вымышленной организации «Үлгі» (PUBLIC-INTRO-ru).'),
    ('measures.yaml', 'kk: Кадрларды іріктеу қағидаларын бекіту', 'kk: Кадрларды іріктеу қағидаларын бекіту (PUBLIC-MEASURE-TEXT-kk)'),
    ('measures.yaml', 'ru: Утвердить правила отбора кадров', 'ru: Утвердить правила отбора кадров (PUBLIC-MEASURE-TEXT-ru)'),
    ('measures.yaml', 'kk: Меңгерушінің 2025 жылғы 10 қаңтардағы №3 бұйрығы', 'kk: Меңгерушінің 2025 жылғы 10 қаңтардағы №3 бұйрығы (PUBLIC-MEASURE-EVIDENCE-kk)'),
    ('measures.yaml', 'ru: Приказ заведующей от 10 января 2025 года № 3', 'ru: Приказ заведующей от 10 января 2025 года № 3 (PUBLIC-MEASURE-EVIDENCE-ru)'),
    # A public measure's note, and a measure marked public whose risk is internal.
    ('measures.yaml', 'kk: Заңгер жаңа нысанды 13 қаңтарда ғана келісті.', 'kk: INTERNAL-MEASURE-NOTE-kk заңгер жаңа нысанды 13 қаңтарда ғана келісті.'),
    ('measures.yaml', 'ru: Юрист согласовал новую форму только 13 января.', 'ru: INTERNAL-MEASURE-NOTE-ru юрист согласовал новую форму только 13 января.'),
    ('measures.yaml', 'responsible: [commission]', 'responsible: [commission]\n    visibility: public'),
    ('measures.yaml', 'kk: Жеткізушілердің үлестестігін тексеру тәртібін енгізу', 'kk: INTERNAL-MEASURE-TEXT-kk жеткізушілердің үлестестігін тексеру тәртібін енгізу'),
    ('measures.yaml', 'ru: Ввести порядок проверки аффилированности поставщиков', 'ru: INTERNAL-MEASURE-TEXT-ru ввести порядок проверки аффилированности поставщиков'),
    ('measures.yaml', 'kk: Тексеру тәртібі комиссия отырысында бекітілді', 'kk: INTERNAL-MEASURE-EVIDENCE-kk тексеру тәртібі комиссия отырысында бекітілді'),
    ('measures.yaml', 'ru: Порядок проверки утверждён на заседании комиссии', 'ru: INTERNAL-MEASURE-EVIDENCE-ru порядок проверки утверждён на заседании комиссии'),
    ('measures.yaml', 'kk: Бюджет жоспарлау бөлімімен бірге әзірленеді.', 'kk: INTERNAL-MEASURE-OWN-NOTE-kk бюджет жоспарлау бөлімімен бірге әзірленеді.'),
    ('measures.yaml', 'ru: Разрабатывается вместе с отделом бюджетного планирования.', 'ru: INTERNAL-MEASURE-OWN-NOTE-ru разрабатывается вместе с отделом бюджетного планирования.'),
    ('plan.yaml', 'kk: "Бухгалтер демалыста, мерзімді ауыстыру керек болуы мүмкін"', 'kk: "INTERNAL-ITEM-NOTE-kk: бухгалтер демалыста, мерзімді ауыстыру керек болуы мүмкін"'),
    ('plan.yaml', 'ru: "Бухгалтер в отпуске, срок может сдвинуться"', 'ru: "INTERNAL-ITEM-NOTE-ru: бухгалтер в отпуске, срок может сдвинуться"'),
    # An internal extra column (its title and a value), and a value of a public one.
    ('plan.yaml', 'title: {kk: Ескерту, ru: Примечание}', 'title: {kk: Ескерту INTERNAL-COLUMN-TITLE-kk, ru: Примечание INTERNAL-COLUMN-TITLE-ru}'),
    ('plan.yaml', 'remark: {kk: Хабарландыру мәтінін әдіскермен келісу, ru: Согласовать текст объявления с методистом}', 'remark: {kk: INTERNAL-COLUMN-VALUE-kk хабарландыру мәтінін әдіскермен келісу, ru: INTERNAL-COLUMN-VALUE-ru согласовать текст объявления с методистом}'),
    ('plan.yaml', 'form: {kk: Интернет-ресурста жариялау, ru: Публикация на интернет-ресурсе}', 'form: {kk: Интернет-ресурста жариялау PUBLIC-COLUMN-VALUE-kk, ru: Публикация на интернет-ресурсе PUBLIC-COLUMN-VALUE-ru}'),
]


def marked_demo(target: Path) -> Path:
    root = copy_portal(DEMO, target)
    for name, clean, marked in PLANTED:
        path = root / name
        text = path.read_text("utf-8")
        assert text.count(clean) == 1, (name, clean)
        path.write_text(text.replace(clean, marked), "utf-8")
    return root
