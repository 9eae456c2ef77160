// sysctl(8): read names, set name=value (sbin/sysctl/sysctl.c: "unknown oid '%s'", "%s: %s -> %s").
import { type Ctx, type Out } from './ctx.js';

/** Run sysctl. */
export function sysctl(ctx: Ctx, args: string[]): Out {
  let valuesOnly = false;
  const names = args.filter((a) => {
    if (a === '-n') { valuesOnly = true; return false; }
    return true;
  });
  let stdout = '';
  let stderr = '';
  let failures = 0; // sysctl.c main: `warncount += parse(...)` per name, `return (warncount)`
  for (const a of names) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    const cur = ctx.st.sysctl[name];
    if (cur === undefined) { stderr += `sysctl: unknown oid '${name}'\n`; failures++; continue; }
    if (eq < 0) { stdout += valuesOnly ? `${cur}\n` : `${name}: ${cur}\n`; continue; }
    if (ctx.jail) { stderr += `sysctl: ${name}=${a.slice(eq + 1)}: Operation not permitted\n`; failures++; continue; }
    const v = a.slice(eq + 1);
    ctx.st.sysctl[name] = v;
    stdout += `${name}: ${cur} -> ${v}\n`;
  }
  return { stdout, stderr, code: failures };
}
