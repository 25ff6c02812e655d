import { describe, expect, it } from "vitest";
import { cyrillicToLatin, latinToCyrillic } from "../../src/search/translit.js";

describe("cyrillicToLatin", () => {
  it("spells Russian names the way English texts do", () => {
    expect(cyrillicToLatin("Жвачкин")).toBe("zhvachkin");
    expect(cyrillicToLatin("Щедровицкий")).toBe("shchedrovitsky");
    expect(cyrillicToLatin("Песков")).toBe("peskov");
    expect(cyrillicToLatin("Токио")).toBe("tokio");
  });
});

describe("latinToCyrillic", () => {
  it("reads Russian typed on a Latin keyboard", () => {
    expect(latinToCyrillic("proektov")).toBe("проектов");
    expect(latinToCyrillic("zhvachkin")).toBe("жвачкин");
    expect(latinToCyrillic("shchedrovitsky")).toBe("щедровицкий");
  });

  it("reads a lone c as ц before e, i, y and at the end, as к elsewhere", () => {
    expect(latinToCyrillic("yaponcy")).toBe("японцы");
    expect(latinToCyrillic("konec")).toBe("конец");
    expect(latinToCyrillic("licey")).toBe("лицей");
    expect(latinToCyrillic("cluster")).toBe("клустер");
  });

  it("reads the many spellings of reflexive verb endings", () => {
    expect(latinToCyrillic("realizuetsa")).toBe("реализуется");
    expect(latinToCyrillic("realizuetsya")).toBe("реализуется");
  });

  it("reads y after a vowel as й, and adjective endings as -ий/-ый", () => {
    expect(latinToCyrillic("tomskoy")).toBe("томской");
    expect(latinToCyrillic("tomskiy")).toBe("томский");
    expect(latinToCyrillic("novyy")).toBe("новый");
  });

  it("reads adjective endings typed with i for й", () => {
    expect(latinToCyrillic("kakoi")).toBe("какой");
    expect(latinToCyrillic("strategicheskoi")).toBe("стратегической");
    expect(latinToCyrillic("russkii")).toBe("русский");
    expect(latinToCyrillic("novyi")).toBe("новый");
  });
});
