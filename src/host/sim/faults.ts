// Injected failures (?fail=N, ?fail-match=RE): the error FreeBSD would print for that command, state untouched.
import type { Out } from './ctx.js';
import { fail } from './ctx.js';

/** A plausible FreeBSD failure for argv, taken from the error catalogue (fixtures R4, 24, 28). */
export function injectedFailure(argv: string[]): Out {
  const prog = (argv[0] ?? '').split('/').pop()!;
  const a = argv.slice(1);
  switch (prog) {
    case 'ifconfig': {
      const name = a[0] ?? '';
      if (a.includes('create')) return fail('ifconfig: SIOCIFCREATE2: Invalid argument');
      if (a.includes('destroy')) return fail('ifconfig: SIOCIFDESTROY: Invalid argument');
      const m = a.indexOf('addm');
      if (m >= 0) return fail(`ifconfig: BRDGADD ${a[m + 1]}: Device busy`);
      if (a.includes('-alias')) return fail("ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address");
      if (a.includes('inet') || a.includes('inet6')) return fail('ifconfig: ioctl (SIOCAIFADDR): File exists');
      const v = a.indexOf('vnet');
      if (v >= 0) return fail(`ifconfig: jail "${a[v + 1]}" not found`);
      return fail(`ifconfig: interface ${name} does not exist`);
    }
    case 'jail': {
      if (a.includes('-r')) return fail(`jail: "${a[a.length - 1]}" not found`);
      return fail('jail: jail_set: Operation not permitted'); // fixture 24
    }
    case 'jexec': {
      // the jail is the first operand: -d, -u and -U take a value (usr.sbin/jexec/jexec.c getopt "d:lnu:U:")
      let k = 0;
      while (k < a.length && a[k].startsWith('-')) k += ['-d', '-u', '-U'].includes(a[k]) ? 2 : 1;
      return fail(`jexec: jail "${a[k] ?? ''}" not found`);
    }
    case 'jls': return fail('jls: jail_get: Operation not permitted');
    case 'route': {
      if (a.includes('add')) return fail('', 1, `add net default: gateway ${a[a.length - 1]} fib 0: route already in table\n`);
      return fail('route: route has not been found');
    }
    case 'sysctl': return fail(`sysctl: unknown oid '${(a[0] ?? '').split('=')[0]}'`);
    case 'pfctl': return fail(a.includes('-f') ? 'pfctl: DIOCADDRULE: Device busy' : 'pfctl: /dev/pf: Operation not permitted');
    case 'zfs': return fail(`cannot open '${a[a.length - 1] ?? ''}': dataset does not exist`);
    default: return fail(`${prog}: Operation not permitted`);
  }
}
