import { spawn } from "node:child_process";
import { TelegramSimulator } from "./src/telegram-sim/index.ts";
const cwd = process.argv[2] ?? ".";
const runs = Number(process.argv[3] ?? 3);
const out: number[] = [];
for (let i = 0; i < runs + 1; i++) {
  const sim = new TelegramSimulator();
  await sim.listen();
  sim.pushUpdate(sim.updates.textMessage("/start"));
  const t = Date.now();
  const child = spawn("npm", ["start", "--silent"], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", BOT_TOKEN: sim.token, BOT_API_ROOT: sim.apiRoot, DATA_DIR: "/tmp/x-data", LOG_LEVEL: "warn" } });
  let err = ""; child.stderr.on("data", (c) => (err += c));
  const call = await sim.waitForCall("getUpdates", () => true, 60_000).catch((e) => { console.log(err); throw e; });
  if (i > 0) out.push(call.at - t); else console.log("warm-up", call.at - t);
  process.kill(-child.pid!, "SIGKILL");
  await sim.close();
}
console.log("npm start → first getUpdates (ms):", out, "median", out.sort((a, b) => a - b)[Math.floor(out.length / 2)]);
process.exit(0);
