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
    }. Выберите, чтобы узнать, что о нём говорится.
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
    По датам, события без даты — в конце. Выберите, чтобы узнать подробности.
event-kind-visit = Визит
event-kind-forum = Форум
event-kind-session = Сессия
event-kind-mission = Миссия
event-kind-meeting = Встреча
event-when = <b>Когда:</b> { $when }
event-when-unknown = <b>Когда:</b> в тексте дата не указана
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
