// Which argv forms only read the host (the probe, ps, logs) and which change it (everything else).
import { INSIDE_BATCH_SCRIPT } from './probe-commands.js';

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
      // Only the inside probe's batch (`/bin/sh -c <INSIDE_BATCH_SCRIPT> sh <jail>...`, exactly that script) is read-only.
      return !(args.length >= 2 && args[0] === '-c' && args[1] === INSIDE_BATCH_SCRIPT && args[2] === 'sh');
    case 'kill':
      return args[0] !== '-0';
    default:
      return true;
  }
}
