/**
 * A model of the typos people make, for words too short for a plain edit
 * distance: "tokio" is Tokyo, but "mayor" is not "major" and "came" is not
 * "name". One edit counts as a typo only when it is one people make: a letter
 * doubled or undoubled, two letters swapped, a vowel or a sound-alike letter
 * swapped (i/y, c/k/s), a neighbouring key hit, a vowel dropped or added.
 */

const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const SOUND_ALIKE = ["iy", "ie", "ck", "cs", "sz", "kq", "fv", "gj", "xks"];
const VOWELS = new Set("aeiouy");

const position = new Map<string, [number, number]>();
KEYBOARD_ROWS.forEach((row, r) => {
  for (let c = 0; c < row.length; c++) position.set(row[c] as string, [r, c + r * 0.5]);
});

function similarLetters(a: string, b: string): boolean {
  if (VOWELS.has(a) && VOWELS.has(b)) return true;
  if (SOUND_ALIKE.some((group) => group.includes(a) && group.includes(b))) return true;
  const pa = position.get(a);
  const pb = position.get(b);
  return !!pa && !!pb && Math.abs(pa[0] - pb[0]) <= 1 && Math.abs(pa[1] - pb[1]) <= 1;
}

/** True when `typed` is `intended` with one typo of the kinds people make. */
export function isPlausibleTypo(typed: string, intended: string): boolean {
  if (typed === intended) return true;
  const lengthDiff = typed.length - intended.length;
  if (Math.abs(lengthDiff) > 1) return false;
  let i = 0;
  while (i < typed.length && i < intended.length && typed[i] === intended[i]) i++;
  if (lengthDiff === 0) {
    const a = typed[i] as string;
    const b = intended[i] as string;
    // Two neighbouring letters swapped.
    if (
      typed[i + 1] === b &&
      intended[i + 1] === a &&
      typed.slice(i + 2) === intended.slice(i + 2)
    ) {
      return true;
    }
    return typed.slice(i + 1) === intended.slice(i + 1) && similarLetters(a, b);
  }
  const [longer, shorter] = lengthDiff > 0 ? [typed, intended] : [intended, typed];
  if (longer.slice(i + 1) !== shorter.slice(i)) return false;
  const extra = longer[i] as string;
  // A doubled letter, or a vowel dropped or added.
  return extra === longer[i - 1] || extra === longer[i + 1] || VOWELS.has(extra);
}
