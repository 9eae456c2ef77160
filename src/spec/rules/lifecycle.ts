// Rules on how a container's program runs: restart, stop_signal, stop_grace_period, healthcheck, and the thin VM's user.
import type { Rule } from './context.js';
import { reporter } from './context.js';
import { isRcCommand } from '../defaults.js';
import { parseDuration, PWAIT_MAX_S } from '../duration.js';
import { signalNumber } from '../signals.js';

const RESTARTS = ['no', 'always', 'on-failure'];

/** The rules about program lifecycles. */
export const lifecycleRules: Rule[] = [
  {
    id: 'lifecycle',
    check(ctx) {
      const r = reporter(ctx);
      for (const [name, c] of Object.entries(ctx.doc.containers)) {
        const at = (k: string) => ['containers', name, k];
        if (/^on-failure:\d+$/.test(c.restart)) {
          r.error(at('restart'), `restart: ${c.restart}: klee cannot keep a restart limit faithfully (daemon(8) of FreeBSD 14 counts no restarts, and 15.x's -C counts every restart, not only failures)`, 'use on-failure (no limit) or always');
        } else if (c.restart === 'unless-stopped') {
          r.error(at('restart'), 'restart: unless-stopped is always in klee: there is no daemon to restart with the host, and `klee stop` keeps a container stopped anyway', 'use always');
        } else if (!RESTARTS.includes(c.restart)) {
          r.error(at('restart'), `restart must be "no", always or on-failure, not ${JSON.stringify(c.restart)}`, 'quote "no": YAML reads a bare no as a string here, but "no" is clearer');
        }
        const sig = signalNumber(c.stop_signal);
        if (sig === undefined || sig === 0 || /^\d+$/.test(c.stop_signal)) {
          r.error(at('stop_signal'), `stop_signal ${JSON.stringify(c.stop_signal)} is not a FreeBSD signal name`, 'for instance SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1');
        }
        const grace = parseDuration(c.stop_grace_period);
        if (grace === undefined) r.error(at('stop_grace_period'), `stop_grace_period ${JSON.stringify(c.stop_grace_period)} is not a duration`, 'a number with a unit: 10s, 1m30s, 500ms');
        // The stop waits with `pwait -t`, which refuses a longer time: the stop would then SIGKILL at once, no grace at all.
        else if (grace > PWAIT_MAX_S) r.error(at('stop_grace_period'), `stop_grace_period ${c.stop_grace_period} is ${grace} s: pwait(1), which the stop waits with, takes at most ${PWAIT_MAX_S} s (about 3 years)`, 'give a shorter grace period');
        const rc = isRcCommand(c.command);
        if (rc && c.user !== 'root') {
          r.error(at('user'), `user ${c.user}: /bin/sh /etc/rc starts the jail's services and must run as root`, 'user: sets who a supervised command runs as; remove it, or give the program as command');
        }
        if (rc && c.restart !== 'no') r.warn(at('restart'), `restart: ${c.restart} has no effect on /bin/sh /etc/rc, which runs once and starts the jail's own services`);
        const h = c.healthcheck;
        if (!h) continue;
        const hp = (k: string) => ['containers', name, 'healthcheck', k];
        const t = h.test;
        const raw = ctx.raw?.containers?.[name]?.healthcheck?.test;
        if (typeof raw === 'string' && raw.trim() === '') r.error(hp('test'), 'healthcheck test is empty');
        else if (typeof raw !== 'string' && raw !== undefined) {
          if (t[0] === 'CMD' && t.length < 2) r.error(hp('test'), 'healthcheck test ["CMD"] needs the program to run: ["CMD", "/usr/local/bin/pg_isready"]');
          else if (t[0] === 'CMD-SHELL' && t.length !== 2) r.error(hp('test'), 'healthcheck test ["CMD-SHELL", ...] takes one command line: ["CMD-SHELL", "pg_isready -q"]');
          else if (t[0] === 'NONE' && t.length !== 1) r.error(hp('test'), 'healthcheck test ["NONE"] takes nothing after NONE');
          else if (!['CMD', 'CMD-SHELL', 'NONE'].includes(t[0])) r.error(hp('test'), `healthcheck test must start with "CMD", "CMD-SHELL" or "NONE", not ${JSON.stringify(t[0])}`, 'or give the command line as a string');
        } else if (raw === undefined && !h.disable) r.error(['containers', name, 'healthcheck'], 'healthcheck needs a test (or disable: true)', undefined, 'key');
        for (const k of ['interval', 'timeout', 'start_period'] as const) {
          const s = parseDuration(h[k]);
          if (s === undefined) r.error(hp(k), `healthcheck ${k} ${JSON.stringify(h[k])} is not a duration`, 'a number with a unit: 10s, 1m30s, 500ms');
          else if (s <= 0 && k !== 'start_period') r.error(hp(k), `healthcheck ${k} must be longer than 0`);
        }
      }
      return r.out;
    },
  },
];
