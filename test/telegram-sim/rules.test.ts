import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseTelegramHtml,
  tryParseTelegramHtml,
  validateBotApiCall,
} from "../../src/telegram-sim/index.js";

/** The description Telegram answers for `html`, or "ok". */
const verdict = (html: string) => {
  const parsed = tryParseTelegramHtml(html);
  return parsed.ok ? "ok" : parsed.error.description;
};

const describeEntities = (html: string) =>
  parseTelegramHtml(html).entities.map((entity) => {
    const extra =
      "url" in entity ? ` ${entity.url}` : "language" in entity ? ` ${entity.language}` : "";
    return `${entity.type} ${entity.offset}+${entity.length}${extra}`;
  });

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

describe("parseTelegramHtml", () => {
  it("returns the plain text and says which words are bold", () => {
    const { text, entities } = parseTelegramHtml("Привет, <b>Томск</b> и <i>мир</i>!");
    expect(text).toBe("Привет, Томск и мир!");
    const bold = entities.filter((entity) => entity.type === "bold");
    expect(bold.map((entity) => text.slice(entity.offset, entity.offset + entity.length))).toEqual([
      "Томск",
    ]);
  });

  it("counts entity offsets in UTF-16 code units", () => {
    // 😀 is two UTF-16 units, so "x" starts at 3.
    expect(describeEntities("😀 <b>x</b> <i>🏟</i>")).toEqual(["bold 3+1", "italic 5+2"]);
  });

  it("nests entities outer first and decodes the four named and all numeric entities", () => {
    expect(describeEntities("<b>a<i>b</i></b>")).toEqual(["bold 0+2", "italic 1+1"]);
    expect(parseTelegramHtml("&lt;&gt;&amp;&quot; &lt&gt &#65;&#x42;&#67 &#x1F600;").text).toBe(
      '<>&" <> ABC 😀',
    );
  });

  it("reads pre with a language, links, spoilers, blockquotes and custom emoji", () => {
    expect(
      describeEntities(
        '<pre><code class="language-python">x = 1</code></pre>\n<code class="language-go">y</code> ' +
          '<a href="telegram.org">t</a> <span class="tg-spoiler">s</span><tg-spoiler>p</tg-spoiler> ' +
          "<blockquote>q</blockquote><blockquote expandable>e</blockquote>" +
          '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
      ),
    ).toEqual([
      "pre 0+5 python",
      "code 6+1",
      "text_link 8+1 http://telegram.org/",
      "spoiler 10+1",
      "spoiler 11+1",
      "blockquote 13+1",
      "expandable_blockquote 14+1",
      "custom_emoji 15+2",
    ]);
  });

  it.each([
    ["<br>", 'Unsupported start tag "br" at byte offset 0'],
    ["<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'],
    // Offsets are in bytes: "привет " is 13 bytes of UTF-8.
    ["привет <br>", 'Unsupported start tag "br" at byte offset 13'],
    ["a < b", 'Unsupported start tag "" at byte offset 2'],
    ["x <b", "Unclosed start tag at byte offset 2"],
    ["<a href", 'Unclosed start tag "a" at byte offset 0'],
    ['<a href="x"', "Unclosed start tag at byte offset 0"],
    ['<a ="x">y</a>', 'Empty attribute name in the tag "a" at byte offset 0'],
    ["<a href=x/>y</a>", "Unexpected end of name token at byte offset 8"],
    ["<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ["x</b>", "Unexpected end tag at byte offset 1"],
    ["<b>x</b", "Unclosed end tag at byte offset 4"],
    ["<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ["<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'],
    ["<b>x", 'Can\'t find end tag corresponding to start tag "b"'],
    ['<tg-emoji emoji-id="x">y</tg-emoji>', "Invalid custom emoji identifier specified"],
    [
      "&#xD83D;",
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    ],
  ])("refuses %j like Telegram", (html, reason) => {
    expect(verdict(html)).toBe(`Bad Request: can't parse entities: ${reason}`);
  });

  it("keeps a bare & and unknown entities as text, as Telegram does, but strict mode refuses them", () => {
    expect(parseTelegramHtml("Tom & Jerry &nbsp; a > b").text).toBe("Tom & Jerry &nbsp; a > b");
    const bare = tryParseTelegramHtml("Tom & Jerry", { strict: true });
    expect(bare.ok ? "ok" : bare.error.description).toBe(
      "Bad Request: can't parse entities: Character entity expected at byte offset 4 [strict]",
    );
    const unknown = tryParseTelegramHtml("a&nbsp;b", { strict: true });
    expect(unknown.ok ? "ok" : unknown.error.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported entity "&nbsp;" at byte offset 1 [strict]',
    );
  });

  it("gives back any escaped text unchanged, with the bold entity spanning it", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), (text) => {
        const parsed = parseTelegramHtml(`<b>${escapeHtml(text)}</b>`, { strict: true });
        expect(parsed.text).toBe(text);
        expect(parsed.entities).toEqual([{ type: "bold", offset: 0, length: text.length }]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("validateBotApiCall: messages", () => {
  const send = (payload: Record<string, unknown>, options?: { strict?: boolean }) =>
    validateBotApiCall("sendMessage", { chat_id: 42, ...payload }, options)?.description ?? "ok";

  it("accepts a plain message and checks chat_id and text", () => {
    expect(send({ text: "hi" })).toBe("ok");
    expect(validateBotApiCall("sendMessage", { text: "hi" })).toEqual({
      error_code: 400,
      description: "Bad Request: chat_id is empty",
    });
    expect(send({ chat_id: "@channel_name", text: "hi" })).toBe("ok");
    expect(send({ text: "" })).toBe("Bad Request: message text is empty");
    expect(send({})).toBe("Bad Request: message text is empty");
  });

  it("counts the length after entity parsing", () => {
    const long = "a".repeat(4096);
    expect(send({ text: `<b>${long}</b>`, parse_mode: "HTML" })).toBe("ok");
    expect(send({ text: `${long}!` })).toBe("Bad Request: message is too long");
    // Whitespace only is empty once Telegram trims it.
    expect(send({ text: "<b> </b>\n", parse_mode: "HTML" })).toBe(
      "Bad Request: message text is empty",
    );
  });

  it("parses HTML only with parse_mode HTML and refuses unknown parse modes", () => {
    expect(send({ text: "a <b" })).toBe("ok");
    expect(send({ text: "a <b", parse_mode: "HTML" })).toBe(
      "Bad Request: can't parse entities: Unclosed start tag at byte offset 2",
    );
    expect(send({ text: "x", parse_mode: "html" })).toBe("ok");
    expect(send({ text: "x", parse_mode: "Textile" })).toBe("Bad Request: unsupported parse_mode");
  });

  it("checks reply_parameters and edit targets", () => {
    expect(send({ text: "x", reply_parameters: { message_id: 5 } })).toBe("ok");
    expect(send({ text: "x", reply_parameters: "{oops" })).toBe(
      "Bad Request: can't parse reply parameters JSON object",
    );
    expect(send({ text: "x", reply_parameters: { chat_id: 1 } })).toBe(
      "Bad Request: can't parse ReplyParameters: Can't find field \"message_id\"",
    );
    const edit = (payload: Record<string, unknown>) =>
      validateBotApiCall("editMessageText", { text: "x", ...payload })?.description ?? "ok";
    expect(edit({})).toBe("Bad Request: message identifier is not specified");
    expect(edit({ chat_id: 1 })).toBe("Bad Request: message identifier is not specified");
    expect(edit({ chat_id: 1, message_id: 2 })).toBe("ok");
    expect(edit({ inline_message_id: "AAA" })).toBe("ok");
    expect(edit({ chat_id: 1, message_id: 2, reply_markup: { keyboard: [["a"]] } })).toBe(
      "Bad Request: inline keyboard expected",
    );
  });
});

describe("validateBotApiCall: inline keyboards", () => {
  const keyboard = (rows: unknown[][], options?: { strict?: boolean }) =>
    validateBotApiCall(
      "sendMessage",
      { chat_id: 1, text: "x", reply_markup: { inline_keyboard: rows } },
      options,
    )?.description ?? "ok";

  it("limits callback_data to 64 UTF-8 bytes, not characters", () => {
    expect(keyboard([[{ text: "a", callback_data: "x".repeat(64) }]])).toBe("ok");
    // 32 Cyrillic letters are 64 bytes; 33 are 66 bytes although only 33 characters.
    expect(keyboard([[{ text: "a", callback_data: "я".repeat(32) }]])).toBe("ok");
    expect(keyboard([[{ text: "a", callback_data: "я".repeat(33) }]])).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
    expect(keyboard([[{ text: "a", callback_data: `${"x".repeat(61)}😀` }]])).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
  });

  it("needs an action on every button", () => {
    const unallowed =
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard";
    expect(keyboard([[{ text: "a" }]])).toBe(unallowed);
    // An empty callback_data counts as none.
    expect(keyboard([[{ text: "a", callback_data: "" }]])).toBe(unallowed);
    expect(keyboard([[{ callback_data: "x" }]])).toBe(
      "Bad Request: can't parse inline keyboard button: Can't find field \"text\"",
    );
    expect(keyboard([[{ text: "a", switch_inline_query_current_chat: "" }]])).toBe("ok");
  });

  it("checks URL buttons like Telegram", () => {
    expect(keyboard([[{ text: "a", url: "https://tomsk.gov.ru/path?q=1" }]])).toBe("ok");
    expect(keyboard([[{ text: "a", url: "tg://resolve?domain=durov" }]])).toBe("ok");
    expect(keyboard([[{ text: "a", url: "ftp://example.com" }]])).toBe(
      "Bad Request: inline keyboard button URL 'ftp://example.com' is invalid: Unsupported URL protocol",
    );
    expect(keyboard([[{ text: "a", url: "not a url" }]])).toMatch(
      /^Bad Request: inline keyboard button URL 'not a url' is invalid: /,
    );
  });

  it("refuses in strict mode what Telegram silently changes", () => {
    const row = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ text: `b${i}`, callback_data: `d${i}` }));
    expect(keyboard([row(8)])).toBe("ok");
    expect(keyboard([row(9)])).toMatch(
      /too many buttons in an inline keyboard row: 9, keep to 8 \[strict\]$/,
    );
    expect(keyboard(Array.from({ length: 13 }, () => row(8)))).toMatch(
      /too many inline keyboard buttons: 104/,
    );
    expect(keyboard([[{ text: "", callback_data: "x" }]])).toMatch(
      /text must be non-empty .*\[strict\]$/,
    );
    expect(keyboard([[{ text: "a", url: "https://a.ru", callback_data: "x" }]])).toMatch(
      /exactly one action expected, got url, callback_data \(Telegram keeps only url\) \[strict\]$/,
    );
    expect(keyboard([row(9)], { strict: false })).toBe("ok");
    expect(
      keyboard([[{ text: "a", url: "https://a.ru", callback_data: "x" }]], { strict: false }),
    ).toBe("ok");
  });

  it("reads reply_markup sent as a JSON string (form bodies)", () => {
    const payload = {
      chat_id: "1",
      text: "x",
      reply_markup: JSON.stringify({
        inline_keyboard: [[{ text: "a", callback_data: "я".repeat(33) }]],
      }),
    };
    expect(validateBotApiCall("sendmessage", payload)?.description).toBe(
      "Bad Request: BUTTON_DATA_INVALID",
    );
    expect(validateBotApiCall("sendMessage", { ...payload, reply_markup: "{" })?.description).toBe(
      "Bad Request: can't parse reply keyboard markup JSON object",
    );
  });
});

describe("validateBotApiCall: other methods", () => {
  const check = (
    method: string,
    payload: Record<string, unknown>,
    options?: { strict?: boolean },
  ) => validateBotApiCall(method, payload, options)?.description ?? "ok";

  it("limits answerCallbackQuery text to 200 characters", () => {
    expect(check("answerCallbackQuery", { callback_query_id: "1", text: "ы".repeat(200) })).toBe(
      "ok",
    );
    expect(check("answerCallbackQuery", { callback_query_id: "1", text: "ы".repeat(201) })).toBe(
      "Bad Request: MESSAGE_TOO_LONG",
    );
    expect(check("answerCallbackQuery", { callback_query_id: "1", cache_time: -1 })).toMatch(
      /\[strict\]$/,
    );
  });

  it("checks inline query results", () => {
    const article = (id: string, text = "hello") => ({
      type: "article",
      id,
      title: "t",
      input_message_content: { message_text: text, parse_mode: "HTML" },
    });
    const answer = (results: unknown[], extra: Record<string, unknown> = {}) =>
      check("answerInlineQuery", { inline_query_id: "1", results, ...extra });
    expect(answer(Array.from({ length: 50 }, (_, i) => article(String(i))))).toBe("ok");
    expect(answer(Array.from({ length: 51 }, (_, i) => article(String(i))))).toBe(
      "Bad Request: RESULTS_TOO_MUCH",
    );
    expect(answer([article("a"), article("a")])).toBe("Bad Request: RESULT_ID_DUPLICATE");
    expect(answer([article("я".repeat(33))])).toBe("Bad Request: RESULT_ID_INVALID");
    expect(answer([article("a", "<b>x")])).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    );
    expect(answer([{ type: "article", id: "a", title: "t" }])).toBe(
      "Bad Request: can't parse inline query result: Can't find field \"input_message_content\"",
    );
    expect(answer([{ ...article("a"), type: "hologram" }])).toBe(
      'Bad Request: can\'t parse inline query result: type "hologram" is unsupported for the inline query result',
    );
    expect(answer([article("a")], { next_offset: "x".repeat(65) })).toBe(
      "Bad Request: NEXT_OFFSET_INVALID",
    );
  });

  it("checks bot commands as TDLib and Telegram do", () => {
    const commands = (list: unknown[], extra: Record<string, unknown> = {}) =>
      check("setMyCommands", { commands: list, ...extra });
    const command = (name: string, description = "Описание") => ({ command: name, description });
    expect(commands([command("start"), command("/help"), command("find_2")])).toBe("ok");
    expect(commands(Array.from({ length: 101 }, (_, i) => command(`c${i}`)))).toBe(
      "Bad Request: BOT_COMMANDS_TOO_MUCH",
    );
    expect(commands([command("Start")])).toBe("Bad Request: BOT_COMMAND_INVALID");
    // Every command passes TDLib's checks before Telegram looks at the names.
    expect(commands([command("Bad-Name"), command("ok", "")])).toBe(
      "Bad Request: command description must be non-empty",
    );
    expect(commands([command("с")])).toBe("Bad Request: BOT_COMMAND_INVALID");
    expect(commands([command("a".repeat(33))])).toBe(
      "Bad Request: command length must not exceed 32",
    );
    expect(commands([command(" ")])).toBe("Bad Request: command must be non-empty");
    expect(commands([command("a", " ")])).toBe(
      "Bad Request: command description must be non-empty",
    );
    expect(commands([command("a", "d".repeat(257))])).toBe(
      "Bad Request: command description length must not exceed 256",
    );
    expect(commands([command("a")], { language_code: "rus" })).toBe(
      "Bad Request: invalid language code specified",
    );
    expect(
      commands([command("a")], { language_code: "ru", scope: { type: "chat", chat_id: -100 } }),
    ).toBe("ok");
    expect(commands([command("a")], { scope: { type: "everyone" } })).toBe(
      "Bad Request: can't parse BotCommandScope: Unsupported type specified",
    );
  });

  it("knows the chat actions", () => {
    expect(check("sendChatAction", { chat_id: 1, action: "typing" })).toBe("ok");
    expect(check("sendChatAction", { chat_id: 1, action: "dancing" })).toBe(
      "Bad Request: wrong parameter action in request",
    );
  });

  it("checks webhook settings", () => {
    const hook = (payload: Record<string, unknown>) =>
      check("setWebhook", { url: "https://bot.example.ru/hook", ...payload });
    expect(hook({ secret_token: "A-z_09" })).toBe("ok");
    expect(hook({ secret_token: "a+b/c=" })).toBe(
      "Bad Request: secret token contains unallowed characters",
    );
    expect(hook({ secret_token: "a".repeat(257) })).toBe("Bad Request: secret token is too long");
    expect(hook({ url: "http://bot.example.ru/hook" })).toBe(
      "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
    );
    expect(hook({ url: "https://bot.example.ru:3000/hook" })).toBe(
      "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
    );
    expect(
      validateBotApiCall(
        "setWebhook",
        { url: "http://127.0.0.1:3000/" },
        { allowInsecureWebhook: true },
      ),
    ).toBeNull();
    expect(hook({ allowed_updates: ["message", "callback_query"] })).toBe("ok");
    expect(hook({ allowed_updates: ["messages"] })).toMatch(
      /unknown update types in allowed_updates: messages/,
    );
    expect(hook({ allowed_updates: "[oops" })).toBe(
      "Bad Request: can't parse allowed_updates JSON object",
    );
  });
});
