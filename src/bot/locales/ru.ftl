# Русские тексты интерфейса. Соглашения — в начале en.ftl.

## Buttons

button-prev = ◀
button-next = ▶
button-page = { $page }/{ $pages }
button-document = 📄 Весь документ
button-back-to-answer = ↩ К ответу
button-clusters = 🏭 Кластеры
button-events = 📅 События
button-sources = 📚 Источники
button-all-clusters = ↩ Все кластеры
button-all-events = ↩ Все события
button-all-sources = ↩ Все источники
button-back-to-cluster = ↩ К кластеру
button-back-to-event = ↩ К событию
button-did-you-mean = 🔎 { $text }
button-cluster = 🏭 { $name }
button-event = 📅 { $title }
button-event-dated = 📅 { $when } · { $title }
button-source = 📄 { $title }
button-example = 💬 { $question }
button-follow-up = 💬 { $question }
button-passage = 💬 «{ $start }»
button-open-in-bot = 📖 Открыть в боте
button-lang-current = ✓ { $name }

## Answers

answer-question = ❓ <i>{ $question }</i>
answer-original = 🇬🇧 <i>Оригинал на английском:</i>
hedge = 🤔 <b>Не уверен.</b> Возможно, в текстах нет ответа на этот вопрос; ближе всего вот эти фрагменты.
document-translation = <i>Перевод с английского; ответы цитируют оригинал.</i>
citation-document = 📄 <b>{ $title }</b>
citation-date = дата в тексте: { $date }
citation-source = источник: { $source }
no-answer =
    🤷 В известных мне текстах ничего не нашлось по запросу «{ $question }».

    Попробуйте другие слова или нажмите кнопку ниже: близкие темы, вопросы, на которые я отвечу, и списки /clusters, /events и /sources.
ask-hint =
    ✍️ Напишите вопрос после команды, например:
    <i>/ask { $example }</i>

    В личном чате со мной можно просто прислать вопрос.
empty-question = ✍️ Напишите вопрос словами, например: <i>{ $example }</i>

## Commands

welcome =
    👋 <b>Здравствуйте!</b> Я отвечаю на вопросы о международном и промышленном сотрудничестве Томской области: цитирую исходные тексты дословно и называю, откуда взята каждая цитата.

    Спрашивайте своими словами, по-русски или по-английски. Или нажмите на один из вопросов:
welcome-group =
    👋 Я отвечаю на вопросы о международном и промышленном сотрудничестве Томской области цитатами из исходных текстов. Спросите командой /ask@{ $bot } и вопросом или ответьте на одно из моих сообщений.
help =
    ℹ️ <b>Что я знаю</b>
    { $documents ->
        [one] { $documents } исходный текст
        [few] { $documents } исходных текста
       *[other] { $documents } исходных текстов
    } о международном и промышленном сотрудничестве Томской области, { $clusters ->
        [one] { $clusters } инновационный кластер
        [few] { $clusters } инновационных кластера
       *[other] { $clusters } инновационных кластеров
    } из этих текстов и { $events ->
        [one] { $events } визит, форум или сессию
       *[other] { $events } визитов, форумов и сессий
    }.

    <b>Как спрашивать</b>
    Напишите вопрос своими словами, по-русски или по-английски (можно и русскими словами латиницей). Я отвечу отрывком, который отвечает на вопрос: совпавшие слова выделены, указано, откуда цитата. ◀ ▶ показывают другие отрывки, 📄 открывает весь текст.

    <b>Команды</b>
    /clusters — инновационные кластеры
    /events — визиты, форумы и сессии по датам
    /sources — исходные тексты
    /ask &lt;вопрос&gt; — задать вопрос явно (удобно в группах)
    /lang — русский или английский

    <b>В группах</b>
    Спрашивайте командой /ask@{ $bot } &lt;вопрос&gt; или ответом на моё сообщение. Чтобы спрашивать упоминанием (@{ $bot } &lt;вопрос&gt;), администратор группы отключает мне приватность в @BotFather (Bot Settings → Group Privacy) и добавляет меня заново — или делает меня администратором группы.

    <b>В любом чате</b>
    Наберите @{ $bot } и вопрос, затем выберите ответ, чтобы отправить его.
lang-choose = 🌐 Выберите язык, на котором я говорю. Цитаты из источников остаются на английском.
lang-set = ✅ Теперь я говорю по-русски. Цитаты из источников остаются на английском.
unsupported = 🙂 Я понимаю только текст. Пришлите вопрос сообщением, например: <i>{ $example }</i>
unsupported-edited = ✏️ Я не читаю изменённые сообщения. Пришлите исправленный вопрос новым сообщением.
unknown-command = 🤔 Такой команды я не знаю. /help расскажет, что я умею.
rate-limited = ✋ Слишком много запросов сразу. Подождите несколько секунд.
backlog-dropped = ✋ Вы пишете быстрее, чем я успеваю отвечать, поэтому я пропустил ваши последние сообщения. Отправьте вопрос ещё раз чуть позже.
error-apology = 😔 Извините, у меня что-то сломалось. Попробуйте ещё раз чуть позже.
group-hello = 👋 Здравствуйте! Я отвечаю на вопросы о международном и промышленном сотрудничестве Томской области цитатами из источников. Спросите командой /ask@{ $bot } и вопросом или ответьте на одно из моих сообщений. Подробнее — /help@{ $bot }.
deep-link-stale = 🔗 Ссылка ведёт на то, чего у меня больше нет. Вот что я могу показать.

## Clusters, events, sources, documents

clusters-title =
    🏭 <b>Инновационные территориальные кластеры</b>
    В текстах { $count ->
        [one] назван { $count } кластер
        [few] названы { $count } кластера
       *[other] названо { $count } кластеров
    }; выберите кластер, чтобы узнать, что о нём говорится. Вот как их перечисляет текст:
cluster-quotes = <b>Что говорят тексты</b>
topic-quotes = <b>Что говорят тексты</b>
topic-kind-person = Человек
topic-kind-organisation = Организация
topic-kind-company = Компания
topic-kind-programme = Проект или программа
topic-kind-facility = Площадка
topic-kind-network = Сеть
topic-kind-place = Место
topic-kind-forum = Форум или сессия
events-title =
    📅 <b>Визиты, форумы и сессии</b>
    Сначала события, у которых в тексте есть дата, по датам (год тексты чаще не называют); без даты — в конце. Выберите, чтобы узнать подробности.
event-kind-visit = Визит
event-kind-forum = Форум
event-kind-session = Сессия
event-kind-mission = Миссия
event-kind-meeting = Встреча
event-when = <b>Когда:</b> { $when }
event-when-unknown = <b>Когда:</b> в тексте дата не указана
event-when-undated = <b>Когда:</b> { $when } — точной даты в тексте нет
event-where = <b>Где:</b> { $where }
event-who = <b>Кто:</b> { $who }
event-quotes = <b>В источнике</b>
sources-title =
    📚 <b>Исходные тексты</b>
    { $count ->
        [one] { $count } текст
        [few] { $count } текста
       *[other] { $count } текстов
    }. Выберите, чтобы прочитать.

## Callback notices (plain text, at most 200 characters)

toast-stale = Эта кнопка устарела — спросите заново.
toast-first-page = Это первый.
toast-last-page = Это последний.
toast-slow-down = Слишком часто — подождите несколько секунд.
toast-lang-same = Я уже говорю по-русски.
toast-lang-set = Язык: русский
toast-lang-not-saved = Не удалось сохранить выбор, поэтому ничего не изменилось. Попробуйте ещё раз через минуту.
toast-error = Извините, что-то пошло не так. Попробуйте ещё раз.

## Inline mode (plain text)

inline-nothing-found = Ничего не нашлось — открыть бота
inline-cluster = Кластер
inline-event = Событие

## Command descriptions (plain text, 1-256 characters)

cmd-start = Приветствие и примеры вопросов
cmd-help = Что я знаю и как спрашивать
cmd-ask = Задать вопрос: /ask <вопрос>
cmd-clusters = Инновационные кластеры
cmd-events = Визиты, форумы и сессии по датам
cmd-sources = Исходные тексты
cmd-lang = Переключить язык: русский или английский

## Small talk and follow-ups

smalltalk-greeting =
    👋 <b>Здравствуйте!</b> Я отвечаю на вопросы о международном и промышленном сотрудничестве Томской области — об «ИНО Томск», его кластерах, визитах и форумах с Италией, Японией, Китаем и крупнейшими компаниями России — и цитирую тексты дословно.

    Спросите своими словами или нажмите кнопку:
smalltalk-about =
    🤖 Я бот, который знает несколько текстов о международном и промышленном сотрудничестве Томской области. Задайте вопрос по-русски или по-английски — я отвечу фрагментом, где есть ответ, и скажу, откуда он; «подробнее» продолжит ответ. Больше — в /help.

    Попробуйте:
smalltalk-thanks = 😊 Пожалуйста! Спрашивайте ещё — я отвечу по текстам.
smalltalk-thanks-alone = 😊 Спасибо! Спрашивайте о сотрудничестве Томской области.
smalltalk-goodbye = 👋 До свидания! Возвращайтесь с вопросами.
smalltalk-apology = 🙂 Ничего страшного. Что вы хотите узнать?
smalltalk-reaction = 👍 Что-нибудь ещё? Спрашивайте или напишите «подробнее», чтобы продолжить последний ответ.
more-header = ➡️ <i>Дальше в том же тексте:</i>
more-end = 📄 На этом текст заканчивается. Весь документ — по кнопке ниже.
more-nothing-before =
    🤔 Продолжать пока нечего: сначала задайте вопрос, например <i>{ $example }</i>

## Feedback under answers (buttons and notices: plain text)

button-vote-up = 👍
button-vote-down = 👎
button-vote-up-chosen = ✅ 👍
button-vote-down-chosen = ✅ 👎
button-reason-wrong-passage = Не тот отрывок
button-reason-not-answered = Не отвечает на мой вопрос
button-reason-outdated = Устарело
button-reason-other = Другое
button-reason-chosen = ✅ { $reason }
toast-vote-up = 👍 Спасибо! Ваш голос учтён.
toast-vote-down = 👎 Спасибо! Ваш голос учтён. Что не так? Выберите причину под ответом.
toast-vote-up-again = Вы уже поставили этому ответу 👍.
toast-vote-down-again = Вы уже поставили этому ответу 👎.
toast-vote-reason = Спасибо: «{ $reason }» учтено.
toast-vote-outdated = Этот ответ устарел: тексты с тех пор изменились. Спросите заново.
toast-vote-failed = Извините, не удалось сохранить ваш голос. Попробуйте позже.

## Operators: /stats, /gaps, /reload (admins only, private chat)

cmd-stats = Вопросы, ответы и оценки (для администраторов)
cmd-gaps = Вопросы без хорошего ответа (для администраторов)
cmd-reload = Перечитать базу знаний (для администраторов)
stats-title = 📊 <b>Вопросы и ответы</b>
stats-period-recent = <b>Последние дни: { $days }</b>
stats-period-all = <b>За всё время</b> (журнал хранит дней: { $days })
stats-empty = Вопросов нет.
stats-questions = Вопросов: { $questions } — ответ { $answered }, не уверен { $hedged }, без ответа { $declined }
stats-votes = Оценки: 👍 { $up } · 👎 { $down }
stats-reasons = Почему 👎: { $reasons }
stats-languages = По языкам: { $languages }
stats-top = Чаще всего спрашивали:
stats-top-item = { $count } × { $question }
stats-top-none = Чаще всего спрашивали: — (тексты вопросов не записываются)
stats-per-day = Вопросов в день, с { $from } по { $to } (UTC; больше всего — { $max }):
stats-texts-off = <i>Тексты вопросов не записываются (LOG_QUESTIONS=false).</i>
gaps-title = 🕳 <b>Пробелы</b>: вопросы без ответа или с 👎 за последние дни ({ $days }), сначала самые частые (всего { $total })
gaps-item = <b>{ $n }.</b> { $question } — задан { $count } ×: без ответа { $declined }, 👎 { $down }; последний раз { $last }
gaps-empty = 🕳 За последние дни ({ $days }) пробелов нет: на все вопросы был ответ, и ни один ответ не получил 👎.
gaps-texts-off = 🕳 Тексты вопросов не записываются (LOG_QUESTIONS=false), поэтому пробелы показать нельзя.
gaps-answered-now = ✅ теперь есть ответ
gaps-next = Добавьте к каждому сохранённый вопрос или карточку, запустите npm run check:knowledge, затем /reload.
reload-ok =
    ✅ <b>База знаний перечитана</b>: версия { $version } (была { $previous }).
    Документов: { $documents }, карточек: { $cards } (кластеров { $clusters }, событий { $events }, тем { $topics }), сохранённых вопросов: { $questions }.
reload-same =
    ✅ <b>База знаний не изменилась</b>: версия { $version }.
    Документов: { $documents }, карточек: { $cards } (кластеров { $clusters }, событий { $events }, тем { $topics }), сохранённых вопросов: { $questions }.
reload-failed = ❌ <b>База знаний не перечитана.</b> Я продолжаю отвечать по версии { $version }. Найдено проблем: { $count }. Исправьте их (npm run check:knowledge тоже их покажет) и снова отправьте /reload:
stats-no-store = ⚠️ Я не веду журнал вопросов: я запущен без хранилища, поэтому вопросов и оценок нет.
reload-unavailable = ⚠️ Я запущен без каталога базы знаний и не могу его перечитать.
