# English interface texts.
#
# Conventions (checked by test/bot/locales.test.ts):
# - Messages are Telegram HTML templates: only <b>, <i>, <blockquote> tags, and
#   a literal < > & written as &lt; &gt; &amp;. Variables arrive already escaped.
# - button-*, toast-*, inline-* and cmd-* are plain text (buttons, callback
#   notices, inline results and command descriptions are not parsed as HTML).
# - Both locale files define the same keys.

## Buttons

button-prev = ◀
button-next = ▶
button-page = { $page }/{ $pages }
button-document = 📄 Whole document
button-back-to-answer = ↩ Back to the answer
button-clusters = 🏭 Clusters
button-events = 📅 Events
button-sources = 📚 Sources
button-all-clusters = ↩ All clusters
button-all-events = ↩ All events
button-all-sources = ↩ All sources
button-back-to-cluster = ↩ Back to the cluster
button-back-to-event = ↩ Back to the event
button-did-you-mean = 🔎 { $text }
button-cluster = 🏭 { $name }
button-event = 📅 { $title }
button-event-dated = 📅 { $when } · { $title }
button-source = 📄 { $title }
button-example = 💬 { $question }
button-follow-up = 💬 { $question }
button-passage = 💬 “{ $start }”
button-open-in-bot = 📖 Open in the bot
button-lang-current = ✓ { $name }

## Answers

answer-question = ❓ <i>{ $question }</i>
answer-original = 🇬🇧 <i>The original, in English:</i>
hedge = 🤔 <b>Not sure.</b> The texts may not answer this; these passages come closest.
document-translation = <i>Translated from English; answers quote the original.</i>
citation-document = 📄 <b>{ $title }</b>
citation-date = date as stated: { $date }
citation-source = source: { $source }
no-answer =
    🤷 I found nothing about “{ $question }” in the texts I know.

    Try other words, or tap a button below: related topics, questions I can answer, and the /clusters, /events and /sources lists.
ask-hint =
    ✍️ Write your question after the command, for example:
    <i>/ask { $example }</i>

    In a private chat with me you can simply send the question.
empty-question = ✍️ Write your question in words, for example: <i>{ $example }</i>

## Commands

welcome =
    👋 <b>Hello!</b> I answer questions about the Tomsk region's international and industrial cooperation, quoting the source texts word for word and naming where each quote comes from.

    Ask in your own words, in English or Russian. Or tap one of these:
welcome-group =
    👋 I answer questions about the Tomsk region's international and industrial cooperation, with quotes from the source texts. Ask with /ask@{ $bot } followed by your question, or reply to one of my messages.
help =
    ℹ️ <b>What I know</b>
    { $documents ->
        [one] One source text
       *[other] { $documents } source texts
    } about the Tomsk region's international and industrial cooperation, the { $clusters } innovation clusters they name, and { $events } visits, forums and sessions.

    <b>How to ask</b>
    Write a question in your own words, in English or Russian (Russian typed in Latin letters works too). I reply with the passage that answers it, the matching words in bold, and where it comes from: ◀ ▶ show other passages, 📄 opens the whole text.

    <b>Commands</b>
    /clusters — the innovation clusters
    /events — visits, forums and sessions, by date
    /sources — the source texts
    /ask &lt;question&gt; — ask explicitly (handy in groups)
    /lang — English or Russian

    <b>In groups</b>
    Ask with /ask@{ $bot } &lt;question&gt;, or reply to one of my messages. To ask by mentioning me (@{ $bot } &lt;question&gt;), a group admin turns my group privacy off in @BotFather (Bot Settings → Group Privacy) and adds me again, or makes me an admin of the group.

    <b>In any chat</b>
    Type @{ $bot } and a question, then pick an answer to send it.
lang-choose = 🌐 Choose the language I speak. Quotes from the sources stay in English.
lang-set = ✅ I speak English now. Quotes from the sources stay in English.
unsupported = 🙂 I understand text only. Send your question as a message, for example: <i>{ $example }</i>
unsupported-edited = ✏️ I don't read edited messages. Send the corrected question as a new message.
unknown-command = 🤔 I don't know this command. /help lists what I can do.
rate-limited = ✋ Too many requests at once. Please wait a few seconds.
backlog-dropped = ✋ You are writing faster than I can answer, so I skipped your latest messages. Please send your question again in a moment.
error-apology = 😔 Sorry, something went wrong on my side. Please try again in a moment.
group-hello = 👋 Hello! I answer questions about the Tomsk region's international and industrial cooperation, with quotes from the sources. Ask with /ask@{ $bot } and your question, or reply to one of my messages. /help@{ $bot } tells more.
deep-link-stale = 🔗 This link points to something I no longer have. Here is what I can show instead.

## Clusters, events, sources, documents

clusters-title =
    🏭 <b>Innovation territorial clusters</b>
    The texts name { $count } clusters; pick one to see what they say about it. This is how they list them:
cluster-quotes = <b>What the texts say</b>
topic-quotes = <b>What the texts say</b>
topic-kind-person = Person
topic-kind-organisation = Organisation
topic-kind-company = Company
topic-kind-programme = Project or programme
topic-kind-facility = Site
topic-kind-network = Network
topic-kind-place = Place
topic-kind-forum = Forum or session
events-title =
    📅 <b>Visits, forums and sessions</b>
    Those the texts date come first, by date (most texts give no year); the undated ones last. Pick one for the details.
event-kind-visit = Visit
event-kind-forum = Forum
event-kind-session = Session
event-kind-mission = Mission
event-kind-meeting = Meeting
event-when = <b>When:</b> { $when }
event-when-unknown = <b>When:</b> the text gives no date
event-when-undated = <b>When:</b> { $when } — the text gives no date
event-where = <b>Where:</b> { $where }
event-who = <b>Who:</b> { $who }
event-quotes = <b>In the source</b>
sources-title =
    📚 <b>Source texts</b>
    { $count } texts. Pick one to read it.

## Callback notices (plain text, at most 200 characters)

toast-stale = This button is out of date — ask again.
toast-first-page = This is the first one.
toast-last-page = This is the last one.
toast-slow-down = Too many taps — wait a few seconds.
toast-lang-same = I already speak English.
toast-lang-set = Language: English
toast-lang-not-saved = I could not save your choice just now, so nothing changed. Please try again in a minute.
toast-error = Sorry, something went wrong. Please try again.

## Inline mode (plain text)

inline-nothing-found = Nothing found — open the bot
inline-cluster = Cluster
inline-event = Event

## Command descriptions (plain text, 1-256 characters)

cmd-start = Welcome and example questions
cmd-help = What I know and how to ask
cmd-ask = Ask a question: /ask <question>
cmd-clusters = The innovation clusters
cmd-events = Visits, forums and sessions by date
cmd-sources = The source texts
cmd-lang = Switch between English and Russian

## Small talk and follow-ups

smalltalk-greeting =
    👋 <b>Hello!</b> I answer questions about the Tomsk region's international and industrial cooperation — INO Tomsk, its clusters, the visits and forums with Italy, Japan, China and Russia's largest companies — quoting the texts word for word.

    Ask in your own words, or tap one of these:
smalltalk-about =
    🤖 I am a bot that knows a handful of texts about the Tomsk region's international and industrial cooperation. Ask me a question in English or Russian and I reply with the passage that answers it and where it comes from; "tell me more" continues it. /help says more.

    Try one of these:
smalltalk-thanks = 😊 You're welcome! Ask me anything else about the texts.
smalltalk-thanks-alone = 😊 Thank you! Ask me anything about the Tomsk region's cooperation.
smalltalk-goodbye = 👋 Goodbye! Come back with more questions any time.
smalltalk-apology = 🙂 No problem at all. What would you like to know?
smalltalk-reaction = 👍 Anything else? Ask away, or send "tell me more" to continue the last answer.
more-header = ➡️ <i>Further in the same text:</i>
more-end = 📄 That is where the text ends. The whole document is below.
more-nothing-before =
    🤔 There is nothing to continue yet: ask me something first, for example <i>{ $example }</i>

## Feedback under answers (buttons and notices: plain text)

button-vote-up = 👍
button-vote-down = 👎
button-vote-up-chosen = ✅ 👍
button-vote-down-chosen = ✅ 👎
button-reason-wrong-passage = Wrong passage
button-reason-not-answered = Doesn't answer my question
button-reason-outdated = Outdated
button-reason-other = Something else
button-reason-chosen = ✅ { $reason }
toast-vote-up = 👍 Thank you! Your vote is counted.
toast-vote-down = 👎 Thank you! Your vote is counted. What was wrong? Pick a reason under the answer.
toast-vote-up-again = You have already voted 👍 for this answer.
toast-vote-down-again = You have already voted 👎 for this answer.
toast-vote-reason = Thank you: “{ $reason }” noted.
toast-vote-outdated = This answer is out of date: the texts have changed since. Ask again for a fresh one.
toast-vote-failed = Sorry, I could not save your vote. Please try again later.

## Operators: /stats, /gaps, /reload (admins only, private chat)

cmd-stats = Questions, answers and votes (admins)
cmd-gaps = Questions without a good answer (admins)
cmd-reload = Reload the knowledge directory (admins)
stats-title = 📊 <b>Questions and answers</b>
stats-period-recent = <b>Last { $days } days</b>
stats-period-all = <b>All time</b> (the log keeps { $days } days)
stats-empty = No questions.
stats-questions = Questions: { $questions } — answered { $answered }, not sure { $hedged }, not answered { $declined }
stats-votes = Votes: 👍 { $up } · 👎 { $down }
stats-reasons = Why 👎: { $reasons }
stats-languages = By language: { $languages }
stats-top = Most asked:
stats-top-item = { $count } × { $question }
stats-top-none = Most asked: — (no question texts logged)
stats-per-day = Questions per day, { $from } to { $to } (UTC; at most { $max } a day):
stats-texts-off = <i>Question texts are not logged (LOG_QUESTIONS=false).</i>
gaps-title = 🕳 <b>Gaps</b>: questions not answered or voted 👎 in the last { $days } days, most frequent first ({ $total } in all)
gaps-item = <b>{ $n }.</b> { $question } — asked { $count } ×: not answered { $declined }, 👎 { $down }; last { $last }
gaps-empty = 🕳 No gaps in the last { $days } days: every question was answered and no answer got 👎.
gaps-texts-off = 🕳 Question texts are not logged (LOG_QUESTIONS=false), so there are no gaps to list.
gaps-answered-now = ✅ answered now
gaps-next = Add a stored question or a card for each, run npm run check:knowledge, then /reload.
reload-ok =
    ✅ <b>Knowledge reloaded</b>: version { $version } (was { $previous }).
    { $documents } documents, { $cards } cards ({ $clusters } clusters, { $events } events, { $topics } topics), { $questions } stored questions.
reload-same =
    ✅ <b>Knowledge unchanged</b>: version { $version }.
    { $documents } documents, { $cards } cards ({ $clusters } clusters, { $events } events, { $topics } topics), { $questions } stored questions.
reload-failed = ❌ <b>Knowledge not reloaded.</b> I keep answering from version { $version }. Problems found: { $count }. Fix them (npm run check:knowledge lists them too) and send /reload again:
stats-no-store = ⚠️ I keep no question log: I was started without a store, so there are no questions or votes to report.
reload-unavailable = ⚠️ I was started without a knowledge directory, so I cannot reload it.
