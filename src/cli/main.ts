/**
 * The entry point bin/faultline.mjs imports: runs the command line and sets the exit code.
 * (cli.ts holds the logic, so tests can call main() in-process without this side effect.)
 */
import { main } from './cli';

// `faultline run big.fl | head`: a reader that goes away ends the output, not with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
});
process.exitCode = code;
