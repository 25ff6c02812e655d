import { describe, expect, it } from "vitest";
import { smallTalkOf } from "../../src/bot/smalltalk.js";

describe("smallTalkOf", () => {
  it.each([
    ["Hello", "greeting"],
    ["Здравствуйте!", "greeting"],
    ["privet", "greeting"],
    ["good morning!", "greeting"],
    ["What can you do?", "about"],
    ["кто ты?", "about"],
    ["chto ty umeesh", "about"],
    ["hi, what can you do", "about"],
    ["Thanks, very helpful!", "thanks"],
    ["Спасибо!", "thanks"],
    ["spasibo", "thanks"],
    ["ok thanks", "thanks"],
    ["🙏", "thanks"],
    ["bye", "goodbye"],
    ["до свидания", "goodbye"],
    ["sorry", "apology"],
    ["извините", "apology"],
    ["ok", "reaction"],
    ["👍", "reaction"],
    ["cool", "reaction"],
    ["ясно", "reaction"],
    ["понятно, спасибо", "thanks"],
  ])("reads %j as %s", (text, kind) => {
    expect(smallTalkOf(text)).toBe(kind);
  });

  it.each([
    "hi, when did the delegation visit Tokyo?",
    "привет, сколько кластеров в ино томск",
    "good jobs in tomsk",
    "Tokyo",
    "help with investment in the special economic zone",
    "",
    "   ",
  ])("leaves %j to the search", (text) => {
    expect(smallTalkOf(text)).toBeUndefined();
  });
});
