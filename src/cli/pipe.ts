/**
 * Command-line output piped into a program that stops reading early (`| head`)
 * ends the command quietly, as Unix tools do, instead of with an EPIPE stack.
 */
export function quietOnClosedPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
