/**
 * Words that carry no searchable meaning in a question or a passage.
 *
 * Besides function words, the lists hold the conversational filler people type
 * to a bot ("tell me", "расскажи", "please"), which would otherwise count as
 * unanswered content and make the engine decline good questions. Question words
 * are here too: they do not match passages, and query analysis reads them
 * before they are dropped (see ANSWER_CUES).
 */

export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else ever every few
for from further had has have having he her here hers herself him himself his how however i if in
into is it its itself just let me more most my myself no nor not now of off on once only or other
our ours ourselves out over own she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what
whatever when where whether which while who whom whose why will with would you your yours yourself
yourselves
tell say said know please thanks thank hi hello hey show give find anything something someone
much many may might must shall yes okay ok etc really actually still already yet ever even exactly
kind sort thing things way get got lot lots like want wanted wants
one's mr mrs ms
explain describe name names named called u r ur pls plz thx stuff
i'm it's that's what's who's there's don't doesn't didn't isn't aren't wasn't weren't can't won't`
    .split(/\s+/u)
    .filter(Boolean),
);

export const RUSSIAN_STOPWORDS: ReadonlySet<string> = new Set(
  `а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до
его ее ей ему если есть еще же за здесь и из или им их к как какая какие каким каких какое какой
когда кто ли либо мне может мы на над надо наш не него нее нет ни них но ну о об однако он она они
оно от очень по под при про с со так также такой там те тем то того тоже той только том ту ты у уж
уже хотя чего чей чем что чтобы чье чья эта эти это этого этой этом этот я
сколько зачем почему откуда куда каков какова каковы чей
расскажи расскажите скажи скажите подскажи подскажите пожалуйста спасибо привет здравствуйте
знаешь знаете хочу хотел хотела хотим интересно можно ли вообще просто именно ещё вот какую каком
какого какому которые который которая которое которых котором которой свой своя свое свои своих
сам сама само сами себя себе мой моя мое мои ваш ваша ваше ваши наша наше наши был будет будут
является являются есть нужно называется называются называют название зовут
делать сделать делает делают сделали сделал
объясни объясните поясни поясните опиши опишите назови назовите названия названию
после перед через между около среди вместо кроме вокруг`
    .split(/\s+/u)
    .filter(Boolean),
);
