/** Calls of one turn carried out together, each caller told how its own item fared. */
import { describe, expect, it } from "vitest";
import { batched } from "../../src/lib/batched.js";

describe("batched", () => {
  it("runs the items of one turn together, and those of a later turn apart", async () => {
    const runs: number[][] = [];
    const add = batched<number>(async (items) => {
      runs.push([...items]);
    });
    await Promise.all([add(1), add(2), add(3)]);
    await add(4);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it("splits a turn's items into batches of at most maxBatch", async () => {
    const runs: number[][] = [];
    const add = batched<number>(async (items) => {
      runs.push([...items]);
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map(add));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("gives every caller the result of its batch", async () => {
    const sum = batched<number, number>(async (items) => items.reduce((a, b) => a + b, 0));
    expect(await Promise.all([sum(1), sum(2), sum(3)])).toEqual([6, 6, 6]);
  });

  it("rejects every caller of a failed batch, and only them", async () => {
    const add = batched<number>(async (items) => {
      if (items.includes(2)) throw new Error("disk full");
    });
    const first = await Promise.allSettled([add(1), add(2)]);
    expect(first.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(add(3)).resolves.toBeUndefined();
  });
});
