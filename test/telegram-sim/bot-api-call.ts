/**
 * Raw Bot API calls for the simulator's own tests, without grammY: over HTTP (a JSON POST to
 * the HTTP front end) or in process (straight into the simulator), with the parsed answer,
 * loosely typed so assertions can reach into `result`.
 */
import type { TelegramSimulator } from "../../src/telegram-sim/index.js";

/** A Bot API answer read loosely: tests check its fields with `expect`. */
// biome-ignore lint/suspicious/noExplicitAny: test answers are asserted field by field
export type LooseAnswer = any;

/** The JSON body of a fetch response, loosely typed. */
export async function responseJson(response: Response): Promise<LooseAnswer> {
  return response.json();
}

/** POSTs `params` as JSON to `<apiRoot>/bot<token>/<method>`; returns the HTTP status and answer. */
export async function callBotApi(
  target: { apiRoot: string; token: string },
  method: string,
  params: Record<string, unknown> = {},
  token = target.token,
): Promise<{ status: number; body: LooseAnswer }> {
  const response = await fetch(`${target.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: await responseJson(response) };
}

/** The same call made in process, as the transformer front end makes it. */
export async function callInProcess(
  sim: TelegramSimulator,
  method: string,
  params: Record<string, unknown> = {},
): Promise<{ status: number; body: LooseAnswer }> {
  const call = await sim.execute(method, params, { source: "transformer" });
  return { status: call.status, body: call.response };
}
