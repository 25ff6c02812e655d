/**
 * Health that tells the truth, for load balancers and orchestrators:
 *
 * - `GET /healthz` is liveness: 200 while the process runs and its event loop
 *   answers at all (an orchestrator restarts a process that fails it);
 * - `GET /readyz` is readiness: 503, with the reasons, while the store is not
 *   writable, while the Bot API has not been reachable for 30 s, while the
 *   process drains at shutdown or waits for another to release the polling
 *   lock, or while the event loop lags more than a second; 200 again once
 *   all is well.
 *
 * The checks run on timers (each injectable) and every change of readiness is
 * logged once, so the log says when and why the bot stopped being ready.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { HttpError, type Transformer } from "grammy";
import type { Logger } from "../logger.js";
import type { HealthReport } from "../store/types.js";

export interface HealthTimings {
  /** How often the store is written to as a check. */
  readonly storeCheckMs: number;
  /** Not ready once the Bot API has failed for this long with no success. */
  readonly apiDownAfterMs: number;
  /** A probe (getMe) is sent when no call succeeded for this long (an idle webhook makes none). */
  readonly apiProbeMs: number;
  /** Not ready while the event loop lags more than this. */
  readonly maxLagMs: number;
  /** How often the event loop's lag is sampled. */
  readonly lagSampleMs: number;
}

export const DEFAULT_HEALTH_TIMINGS: HealthTimings = {
  storeCheckMs: 5_000,
  apiDownAfterMs: 30_000,
  apiProbeMs: 10_000,
  maxLagMs: 1_000,
  lagSampleMs: 500,
};

export interface HealthOptions {
  readonly logger: Logger;
  readonly mode: "polling" | "webhook";
  /** The store's own check: one write, bounded in time. */
  readonly checkStore: () => Promise<HealthReport>;
  /** A cheap Bot API call (getMe, bounded in time); its outcome is seen by the transformer. */
  readonly probeApi: () => Promise<unknown>;
  /** Updates being handled now, shown by /healthz. */
  readonly inFlight: () => number;
  readonly timings?: Partial<HealthTimings>;
  /** The clock (ms); tests move it by hand. */
  readonly now?: () => number;
  /** The event loop's worst delay since the last sample, in ms; by default measured. */
  readonly sampleLag?: () => number;
}

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
}

export class Health {
  readonly #options: HealthOptions;
  readonly #timings: HealthTimings;
  readonly #now: () => number;
  readonly #sampleLag: () => number;
  #timers: NodeJS.Timeout[] = [];
  #stopLagMonitor: (() => void) | undefined;
  #storeError: string | undefined;
  #lastApiSuccess: number;
  #apiFailingSince: number | undefined;
  #apiError: string | undefined;
  #lagMs = 0;
  #draining = false;
  #waiting: string | undefined;
  #lastLogged = "ready";

  constructor(options: HealthOptions) {
    this.#options = options;
    this.#timings = { ...DEFAULT_HEALTH_TIMINGS, ...options.timings };
    this.#now = options.now ?? Date.now;
    this.#lastApiSuccess = this.#now();
    if (options.sampleLag) {
      this.#sampleLag = options.sampleLag;
    } else {
      const histogram = monitorEventLoopDelay({ resolution: 20 });
      histogram.enable();
      this.#stopLagMonitor = () => histogram.disable();
      this.#sampleLag = () => {
        const worst = histogram.max / 1e6;
        histogram.reset();
        return Number.isFinite(worst) ? worst : 0;
      };
    }
  }

  /**
   * Installed closest to the network (inside the retries), it sees every
   * attempt of every call: an answer below 500 means the Bot API is there; a
   * network failure or a 5xx means it is not.
   */
  readonly apiTransformer: Transformer = async (prev, method, payload, signal) => {
    try {
      const response = await prev(method, payload, signal);
      if (response.ok || response.error_code < 500) this.noteApi(true);
      else this.noteApi(false, `${response.error_code} ${response.description}`);
      return response;
    } catch (error) {
      if (error instanceof HttpError) this.noteApi(false, "network error");
      throw error;
    }
  };

  /** Records one Bot API outcome. */
  noteApi(reachable: boolean, reason?: string): void {
    if (reachable) {
      this.#lastApiSuccess = this.#now();
      this.#apiFailingSince = undefined;
      this.#apiError = undefined;
    } else {
      this.#apiFailingSince ??= this.#now();
      this.#apiError = reason;
    }
    this.#logChange();
  }

  /** Starts the periodic checks. */
  start(): void {
    const every = (ms: number, run: () => unknown) => {
      const timer = setInterval(run, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(this.#timings.storeCheckMs, () => this.checkStore());
    every(this.#timings.apiProbeMs, () => this.probeApi());
    every(this.#timings.lagSampleMs, () => this.sampleLag());
  }

  stop(): void {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    this.#stopLagMonitor?.();
  }

  /** Writes to the store once and records the outcome. */
  async checkStore(): Promise<void> {
    let report: HealthReport;
    try {
      report = await this.#options.checkStore();
    } catch (error) {
      report = { ok: false, latencyMs: 0, error: (error as Error).message };
    }
    this.#storeError = report.ok ? undefined : report.error;
    this.#logChange();
  }

  /** Calls the Bot API if nothing reached it lately. */
  async probeApi(): Promise<void> {
    if (this.#now() - this.#lastApiSuccess < this.#timings.apiProbeMs) return;
    await this.#options.probeApi().catch(() => {});
    this.#logChange();
  }

  /** Reads the event loop's lag since the last sample. */
  sampleLag(): void {
    this.#lagMs = this.#sampleLag();
    this.#logChange();
  }

  /** The process is shutting down: not ready from now on. */
  setDraining(): void {
    this.#draining = true;
    this.#logChange();
  }

  /** Not ready while waiting for something (the polling lock); undefined when no longer waiting. */
  setWaiting(reason: string | undefined): void {
    this.#waiting = reason;
    this.#logChange();
  }

  readiness(): Readiness {
    const reasons: string[] = [];
    if (this.#draining) reasons.push("draining: shutting down");
    if (this.#waiting !== undefined) reasons.push(this.#waiting);
    if (this.#storeError !== undefined) reasons.push(`store not writable: ${this.#storeError}`);
    if (
      this.#apiFailingSince !== undefined &&
      this.#now() - this.#apiFailingSince >= this.#timings.apiDownAfterMs
    ) {
      const seconds = Math.round((this.#now() - this.#lastApiSuccess) / 1000);
      reasons.push(`Bot API unreachable for ${seconds} s: ${this.#apiError ?? "no answer"}`);
    }
    if (this.#lagMs > this.#timings.maxLagMs) {
      reasons.push(`event loop lagging ${Math.round(this.#lagMs)} ms`);
    }
    return { ready: reasons.length === 0, reasons };
  }

  /**
   * Answers GET/HEAD /healthz and /readyz; returns false for any other request
   * (the caller answers it).
   */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    if (pathname !== "/healthz" && pathname !== "/readyz") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { ok: false, error: "GET only" }, { allow: "GET, HEAD" });
      return true;
    }
    if (pathname === "/healthz") {
      sendJson(res, 200, {
        ok: true,
        mode: this.#options.mode,
        inFlight: this.#options.inFlight(),
      });
      return true;
    }
    const { ready, reasons } = this.readiness();
    sendJson(res, ready ? 200 : 503, ready ? { ok: true } : { ok: false, reasons });
    return true;
  }

  #logChange(): void {
    const { ready, reasons } = this.readiness();
    const state = ready ? "ready" : reasons.join("; ");
    if (state === this.#lastLogged) return;
    this.#lastLogged = state;
    if (ready) this.#options.logger.info("ready again");
    else if (!this.#draining) this.#options.logger.warn({ reasons }, "not ready");
  }
}

/** A JSON answer (also used by the webhook server). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body?: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body !== undefined && { "content-type": "application/json" }),
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
