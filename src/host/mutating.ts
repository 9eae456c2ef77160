// Which argv forms only read the host (the probe, ps, logs) and which change it (everything else).
import { insideProbeBatchCommand, mountPointsCommand } from './probe-commands.js';
import { statusBatchArgv } from './program.js';

/**
 * The shell scripts klee itself sends only to read the host, each as its fixed head (the builder given no names: `sh`,
 * `-c`, the script, $0 and any fixed parameter); the names (jails, paths) follow as positional parameters, which the
 * scripts only read ("$@"), never run.
 */
const READ_ONLY_SCRIPTS: readonly (readonly string[])[] = [insideProbeBatchCommand([]), statusBatchArgv([]), mountPointsCommand([])].map((argv) => argv.slice(1));

/** True when args (after `sh`) are one of READ_ONLY_SCRIPTS' heads, then only positional parameters. */
function isReadOnlyScript(args: readonly string[]): boolean {
  return READ_ONLY_SCRIPTS.some((head) => args.length >= head.length && head.every((a, i) => args[i] === a));
}

const IFCONFIG_READ_FLAGS = new Set(['-a', '-l', '-d', '-u', '-m', '-v', '-L', '-n']);

/** True unless the argv is a known read-only form; unknown commands count as mutating (refused by read-only hosts). */
export function isMutating(argv: readonly string[]): boolean {
  const [cmd, ...args] = argv;
  const base = (cmd ?? '').split('/').pop();
  switch (base) {
    case 'uname': case 'freebsd-version': case 'jls': case 'netstat': case 'id': case 'hostname': case 'cat': case 'tail':
    case 'printf': case 'echo': case 'true': case 'test': case 'ls':
      return false;
    case 'sysctl':
      return args.some((a) => a.includes('='));
    case 'route':
      return !args.includes('get') && !args.includes('show') && !args.includes('monitor');
    case 'ifconfig':
      // `ifconfig -a`, `ifconfig -l`, `ifconfig -g GROUP`, `ifconfig IF` (show one) only print.
      if (args.length === 0) return false;
      if (args[0] === '-g' && args.length === 2) return false;
      if (args.every((a) => IFCONFIG_READ_FLAGS.has(a))) return false;
      return !(args.length === 1 && !args[0].startsWith('-'));
    case 'pfctl':
      // -s (show) without -f/-F/-e/-d/-k/-K/-t ... -T: listing only.
      return !(args.includes('-s') && !args.some((a) => /^-[fFedkKTxz]/.test(a)));
    case 'mount':
      // `mount` and `mount -p` only list the mount table.
      return !(args.length === 0 || (args.length === 1 && args[0] === '-p'));
    case 'zfs':
      return args[0] !== 'list' && args[0] !== 'get';
    case 'sh':
      // Only the probe's own scripts, exactly as klee sends them, are read-only.
      return !isReadOnlyScript(args);
    case 'kill':
      return args[0] !== '-0';
    default:
      return true;
  }
}
