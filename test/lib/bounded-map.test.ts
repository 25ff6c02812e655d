import { describe, expect, it } from "vitest";
import { BoundedMap } from "../../src/lib/bounded-map.js";

describe("BoundedMap", () => {
  it("forgets the least recently written entry beyond its limit", () => {
    const map = new BoundedMap<string, number>(2);
    map.set("a", 1).set("b", 2).set("a", 3).set("c", 4);
    // "a" was written again after "b", so "b" is the oldest and goes.
    expect([...map]).toEqual([
      ["a", 3],
      ["c", 4],
    ]);
  });
});
