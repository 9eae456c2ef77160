// The plans of klee start|stop|restart, up SERVICE... and --wait (src/planner/lifecycle.ts): pure, from builders.
import { describe, expect, it } from 'vitest';
import { onlyServices, planRestart, planStart, planStop, waitActions } from '../../src/planner/lifecycle.js';
import { restartReason, stopCommands } from '../../src/planner/kinds/service.js';
import type { HostState, ProgramStatus } from '../../src/host/types.js';
import type { Plan } from '../../src/planner/types.js';
import { ctr, freshHost, jail, spec } from './builders.js';

const running: ProgramStatus = { supervisor: true, child: true, stopped: false, log: true };
const stopped: ProgramStatus = { supervisor: false, child: false, stopped: true, log: true, lastExit: 143 };
const failed: ProgramStatus = { supervisor: false, child: false, stopped: false, log: true, lastExit: 2 };
const done: ProgramStatus = { supervisor: false, child: false, stopped: false, log: true, lastExit: 0 };

const db = ctr('p', 'db', { command: ['/usr/local/bin/postgres'], stopSignal: 'INT', stopGracePeriodS: 30, healthcheck: { argv: ['/usr/local/bin/pg_isready'], intervalS: 2, timeoutS: 5, retries: 3, startPeriodS: 0 } });
const migrate = ctr('p', 'migrate', { command: ['/usr/local/bin/migrate'], dependsOn: ['db'], conditions: { db: 'service_healthy' } });
const app = ctr('p', 'app', { command: ['/usr/local/bin/app'], dependsOn: ['migrate'], conditions: { migrate: 'service_completed_successfully' } });
const vm = ctr('p', 'vm', { jailParams: ['exec.stop=/bin/sh /etc/rc.shutdown'] });
const project = spec('p', [], [db, migrate, app, vm]);

function host(programs: Record<string, ProgramStatus | undefined>): HostState {
  const h = freshHost();
  h.jails = Object.entries(programs).map(([c, program], i) => jail(`p_${c}`, { jid: i + 1, meta: `klee:v1:p:${c}:0`, ...(program ? { program } : {}) }));
  return h;
}
const ids = (p: Plan) => p.actions.map((a) => `${a.id} <- ${a.after.join(',')}`);

describe('klee stop', () => {
  it('stops what runs, dependents first, with stop_signal and the grace period; the thin VM runs its exec.stop', () => {
    const p = planStop(project, host({ db: running, migrate: done, app: running, vm: {} as never }), [], 'sim');
    expect(ids(p)).toEqual(['service:app <- ', 'service:db <- ', 'service:vm <- ']);
    const dbStop = p.actions.find((a) => a.id === 'service:db')!;
    expect(dbStop.commands.map((c) => c.argv.slice(0, 3).concat(c.argv.slice(-3)))).toEqual([['jexec', 'p_db', '/bin/sh', '/var/run/klee/p_db', 'INT', '30']]);
    expect(dbStop.verb).toEqual({ doing: 'Stopping', done: 'Stopped' });
    const vmStop = p.actions.find((a) => a.id === 'service:vm')!.commands;
    expect(vmStop.map((c) => [c.argv.slice(0, 3), c.argv.slice(5)])).toEqual([[['jexec', 'p_vm', '/bin/sh'], ['/var/run/klee/p_vm', '/bin/sh /etc/rc.shutdown']]]);
  });

  it('the order is reversed dependency order among the containers named', () => {
    const p = planStop(project, host({ db: running, migrate: running, app: running }), ['db', 'migrate'], 'sim');
    expect(ids(p)).toEqual(['service:migrate <- ', 'service:db <- service:migrate']);
  });
});

describe('klee start and restart', () => {
  it('starts stopped and failed programs, dependencies first, after their conditions; a completed one-shot stays done', () => {
    const p = planStart(project, host({ db: stopped, migrate: failed, app: done, vm: {} as never }), [], 'sim');
    // migrate waits for db to be healthy (a wait of its own, polled as compose polls), then starts through jexec -l
    expect(ids(p)).toEqual(['service:db <- ', 'service:db:healthy <- service:db', 'service:migrate <- service:db,service:db:healthy']);
    expect(p.actions.map((a) => a.reason)).toEqual(['stopped', 'wait until healthy', 'exited with status 2']);
    const wait = p.actions.find((a) => a.id === 'service:db:healthy')!;
    // with the container's environment on stdin (an empty file here: db has no env)
    expect(wait.commands.at(-1)).toEqual({ argv: ['timeout', '5', 'jexec', '-l', '-U', 'root', 'p_db', '/bin/sh', '-c', '. /dev/stdin; exec "$@"', 'klee', '/usr/local/bin/pg_isready'], stdin: '', stdinShown: '', poll: { intervalS: 2, retries: 3, startPeriodS: 0 } });
    const m = p.actions.find((a) => a.id === 'service:migrate')!;
    expect(m.commands[0].argv.slice(0, 6)).toEqual(['jexec', '-l', 'p_migrate', '/bin/sh', '-c', '[ ! -f "$0"/env ] || . "$0"/env; rm -f "$0"/stopped; exec "$@"']);
  });

  it('refuses a container without a jail, and an unknown name', () => {
    expect(() => planStart(project, host({ db: stopped }), ['app'], 'sim')).toThrow('container "app" has no jail on sim: create it with `klee up app`');
    expect(() => planStop(project, host({}), ['nope'], 'sim')).toThrow('no container "nope" in /p/kleene.yaml (containers: db, migrate, app, vm)');
  });

  it('restart: stops then starts each, the starts in dependency order', () => {
    const p = planRestart(spec('p', [], [db, migrate]), host({ db: running, migrate: failed }), [], 'sim');
    expect(ids(p)).toEqual(['service:db:stop <- ', 'service:db <- service:db:stop', 'service:db:healthy <- service:db', 'service:migrate <- service:db,service:db:healthy']);
  });

  it('restartReason: exited 0 is done, unless restart: always', () => {
    expect(restartReason('exited', 0, db)).toBeUndefined();
    expect(restartReason('exited', 0, ctr('p', 'x', { restart: 'always', command: ['/x'] }))).toBe('exited');
    expect(restartReason('exited', 1, db)).toBe('exited with status 1');
    expect(restartReason('running', null, db)).toBeUndefined();
  });
});

describe('removal and up', () => {
  it('the stop: the file\'s exec.stop (best effort), then the program (it must run); without a file as klee\'s defaults', () => {
    const j = jail('p_db', { program: running });
    const withFile = stopCommands(j, ctr('p', 'db', { command: ['/x'], jailParams: ['exec.stop=/usr/local/bin/drain'] }));
    expect(withFile.map((c) => [c.argv.slice(0, 5).join(' '), c.mayFail])).toEqual([['jexec p_db /bin/sh -c /usr/local/bin/drain', true], [`jexec p_db /bin/sh -c ${withFile[1].argv[4]}`, undefined]]);
    expect(stopCommands(j, undefined)[0].argv.slice(-2)).toEqual(['TERM', '10']);
  });

  it('up SERVICE keeps what the plan does to other containers out; --wait adds one wait per container', () => {
    const plan: Plan = { project: 'p', host: 'sim', warnings: [], actions: [
      { id: 'network:back', op: 'create', resource: 'network', name: 'back', reason: 'not on host', after: [], commands: [], facts: {} },
      ...['db', 'migrate', 'app', 'vm'].map((c) => ({ id: `container:${c}`, op: 'create' as const, resource: 'container' as const, name: c, reason: 'not on host', after: ['network:back'], commands: [], facts: {} })),
      { id: 'epair:vm:back', op: 'create', resource: 'epair', name: 'vm:back', reason: 'not on host', after: [], commands: [], facts: {} },
    ] };
    const only = onlyServices(plan, project, ['migrate']);
    expect(only.actions.map((a) => a.id)).toEqual(['network:back', 'container:db', 'container:migrate']);
    const waits = waitActions(project, only, ['db', 'migrate']);
    expect(waits.map((a) => [a.id, a.reason, a.after, a.commands.map((c) => c.poll?.pending ?? c.poll?.retries)])).toEqual([
      ['service:db:healthy', 'wait until healthy', ['container:db'], [75, 3]],
      ['service:migrate:running', 'wait until running', ['container:migrate'], [75]],
    ]);
  });
});
