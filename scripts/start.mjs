#!/usr/bin/env node
/**
 * `npm start`: builds dist/ if the sources changed since the last build (scripts/build.mjs;
 * a stamp check of a few milliseconds otherwise), then runs the bot in this same process, so
 * that no second Node.js has to start and the signals npm forwards reach the bot.
 */
import { ensureBuilt } from "./build.mjs";

ensureBuilt();
await import("../dist/main.js");
