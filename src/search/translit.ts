/**
 * Transliteration between Russian Cyrillic and Latin letters.
 *
 * Two real needs: names written in the other script (Жвачкин ↔ Zhvachkin,
 * Токио ↔ Tokyo) and Russian typed on a Latin keyboard ("skolko proektov").
 * Both directions are approximate by nature, so callers compare the results
 * fuzzily rather than exactly.
 */

// biome-ignore format: a transliteration table reads best as a table
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y",
  к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f",
  х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya",
  і: "i", ї: "yi", є: "ye", ґ: "g", ў: "u",
};

/** Longest sequences first, so "shch" wins over "sh" + "ch". */
// biome-ignore format: a transliteration table reads best as a table
const LATIN_TO_CYRILLIC: readonly (readonly [string, string])[] = [
  ["shch", "щ"], ["sch", "щ"], ["zh", "ж"], ["kh", "х"], ["ts", "ц"], ["tz", "ц"], ["ch", "ч"],
  ["sh", "ш"], ["yu", "ю"], ["ju", "ю"], ["iu", "ю"], ["ya", "я"], ["ja", "я"], ["ia", "я"],
  ["yo", "ё"], ["jo", "ё"], ["ye", "е"], ["je", "е"],
  ["a", "а"], ["b", "б"], ["v", "в"], ["w", "в"], ["g", "г"], ["d", "д"], ["e", "е"], ["z", "з"],
  ["i", "и"], ["j", "й"], ["k", "к"], ["l", "л"], ["m", "м"], ["n", "н"], ["o", "о"], ["p", "п"],
  ["r", "р"], ["s", "с"], ["t", "т"], ["u", "у"], ["f", "ф"], ["h", "х"], ["c", "к"], ["q", "к"],
  ["x", "кс"], ["y", "ы"], ["'", "ь"],
];

const VOWELS_CYR = "аеёиоуыэюя";

/** Cyrillic → Latin, the way Russian names are usually spelled in English texts. */
export function cyrillicToLatin(word: string): string {
  // "-ий"/"-ый" endings are written "-y" in English (Shchedrovitsky, Dmitry).
  const base = word.toLowerCase().replace(/[иы]й$/u, "y");
  let out = "";
  for (const ch of base) out += CYRILLIC_TO_LATIN[ch] ?? ch;
  return out;
}

/** Latin → Cyrillic for Russian typed on a Latin keyboard ("realizuetsa" → "реализуется"). */
export function latinToCyrillic(word: string): string {
  // Reflexive verb endings are typed many ways: -tsya, -tsa, -tca, -tsia;
  // adjective endings too: -iy, -yy, and -y after k, g, h (Tomsky → Томский).
  let ending = "";
  let stem = word;
  const reflexive = /(?:tsya|tsia|tsa|tca|tcya)$/u.exec(stem);
  // …and with i for й: kakoi, novoi, sleduyushii, russkii (какой, новой, следующий).
  const adjective = /(?:iy|ij|yy|ii|yi|oi|ei|(?<=[kgh])y)$/u.exec(stem);
  if (reflexive) {
    ending = "тся";
    stem = stem.slice(0, reflexive.index);
  } else if (adjective) {
    const endings: Record<string, string> = { yy: "ый", yi: "ый", oi: "ой", ei: "ей" };
    ending = endings[adjective[0]] ?? "ий";
    stem = stem.slice(0, adjective.index);
  }
  let out = "";
  let i = 0;
  while (i < stem.length) {
    const pair = LATIN_TO_CYRILLIC.find(([latin]) => stem.startsWith(latin, i));
    if (!pair) {
      out += stem[i];
      i++;
      continue;
    }
    let [latin, cyr] = pair;
    // "y" after a vowel is the semivowel й (moy, novyy), elsewhere the vowel ы.
    if (latin === "y" && i > 0 && VOWELS_CYR.includes(out.at(-1) ?? "")) cyr = "й";
    // A lone "c" reads as ц where a soft c would (yaponcy, specialisty, konec), else as к.
    if (latin === "c" && /^(?:[eiy]|$)/u.test(stem.slice(i + 1))) cyr = "ц";
    out += cyr;
    i += latin.length;
  }
  return out + ending;
}
