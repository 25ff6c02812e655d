/**
 * Small statistics and reporting helpers shared by the benchmarks: percentiles,
 * table rows that pair our figure with the baseline's, targets, and rendering
 * as an aligned text table and as Markdown.
 */

/** Percentiles of a set of samples (milliseconds unless a row says otherwise). */
export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** Nearest-rank percentile of ascending `sorted` samples; `p` in 0–100. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** p50, p99, mean and max of samples in any order. */
export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** The median of samples in any order. */
export function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
}

export const MB = 1024 * 1024;

/** Forces a full garbage collection (the process must run with --expose-gc). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc (bench/run.ts starts its workers so)");
  gc();
  gc();
}

/** A target from the issue: its wording and whether a figure meets it. */
export interface Target {
  readonly text: string;
  readonly met: (ours: number, ratio: number) => boolean;
}

/** At most `limit` (in the row's unit). */
export const atMost = (limit: number, unit: string): Target => ({
  text: `≤ ${limit} ${unit}`,
  met: (ours) => ours <= limit,
});

/** At least `limit` (in the row's unit). */
export const atLeast = (limit: number, unit: string): Target => ({
  text: `≥ ${limit} ${unit}`,
  met: (ours) => ours >= limit,
});

/** At most `factor` times the baseline's figure. */
export const ratioAtMost = (factor: number): Target => ({
  text: `≤ ${factor}× baseline`,
  met: (_ours, ratio) => ratio <= factor,
});

/** One line of the results table: our figure, the baseline's from the same run, and their ratio. */
export interface Row {
  readonly section: string;
  readonly metric: string;
  readonly unit: string;
  readonly ours: number;
  readonly baseline: number;
  /** ours / baseline. */
  readonly ratio: number;
  readonly target?: string;
  readonly status?: "PASS" | "MISS";
}

/** Builds a row, judging it against `target` when one is given. */
export function row(
  section: string,
  metric: string,
  unit: string,
  ours: number,
  baseline: number,
  target?: Target,
): Row {
  const ratio = ours / baseline;
  return {
    section,
    metric,
    unit,
    ours,
    baseline,
    ratio,
    ...(target && { target: target.text, status: target.met(ours, ratio) ? "PASS" : "MISS" }),
  };
}

/** A figure with precision that suits its size: 0.123, 12.3, 1234. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

const HEADER = ["section", "metric", "ours", "baseline", "ratio", "target", "status"] as const;
/** Columns of figures, aligned right. */
const RIGHT = new Set([2, 3, 4]);

function cells(r: Row): string[] {
  return [
    r.section,
    r.metric,
    `${formatNumber(r.ours)} ${r.unit}`,
    `${formatNumber(r.baseline)} ${r.unit}`,
    `${formatNumber(r.ratio)}×`,
    r.target ?? "",
    r.status ?? "",
  ];
}

/** Cells padded to their column's width. */
function aligned(lines: readonly string[][]): string[][] {
  const widths = HEADER.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  return lines.map((l) =>
    l.map((c, i) => (RIGHT.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))),
  );
}

/** The rows as an aligned plain-text table. */
export function renderTable(rows: readonly Row[]): string {
  return aligned([[...HEADER], ...rows.map(cells)])
    .map((l) => l.join("  ").trimEnd())
    .join("\n");
}

/** The rows as a Markdown table, padded as the formatter (biome) leaves it. */
export function renderMarkdown(rows: readonly Row[]): string {
  const escapePipes = (c: string) => c.replaceAll("|", "\\|");
  const [header, ...body] = aligned([[...HEADER], ...rows.map((r) => cells(r).map(escapePipes))]);
  const rule = (header ?? []).map((c, i) =>
    RIGHT.has(i) ? `${"-".repeat(c.length - 1)}:` : "-".repeat(c.length),
  );
  return [header ?? [], rule, ...body].map((l) => `| ${l.join(" | ")} |`).join("\n");
}
