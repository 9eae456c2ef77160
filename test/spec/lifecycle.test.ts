// restart, stop_signal, stop_grace_period, healthcheck and depends_on conditions: compose's names and forms.
import { describe, expect, it } from 'vitest';
import { brief, load, y } from './helpers.js';
import { parseDuration } from '../../src/spec/duration.js';

describe('compose durations', () => {
  it('reads Go duration strings as seconds', () => {
    expect(['10s', '1m30s', '1.5s', '500ms', '2h', '0', '0s', '.5s'].map(parseDuration)).toEqual([10, 90, 1.5, 0.5, 7200, 0, 0, 0.5]);
    expect(['10', 's', '1x', '-1s', '1m 30s', ''].map(parseDuration)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('defaults and binding', () => {
  it('a container without the keys: runs once, stopped with SIGTERM after 10s, no healthcheck; rc is not supervised', () => {
    const r = load(y(`
      containers:
        vm: { path: /j/vm }
        app: { path: /j/app, command: [/usr/local/bin/app] }
    `));
    expect(r.normalized!.containers.app).toMatchObject({ restart: 'no', stop_signal: 'SIGTERM', stop_grace_period: '10s', depends_on: {} });
    expect(r.normalized!.containers.app.healthcheck).toBeUndefined();
    const [vm, app] = r.spec!.containers;
    expect([vm.supervised, app.supervised]).toEqual([false, true]);
    expect(app).toMatchObject({ restart: 'no', stopSignal: 'TERM', stopGracePeriodS: 10, dependsOn: [], conditions: {} });
  });

  it('healthcheck test forms, defaults and disable; depends_on list and long forms', () => {
    const r = load(y(`
      containers:
        db:
          path: /j/db
          command: [/usr/local/bin/postgres]
          restart: always
          stop_signal: SIGINT
          stop_grace_period: 1m30s
          healthcheck: { test: [CMD, /usr/local/bin/pg_isready, -q], interval: 2s, retries: 5 }
        shell: { path: /j/s, command: [/x], healthcheck: { test: "pgrep -q x", retries: 0 } }
        cmdshell: { path: /j/c, command: [/x], healthcheck: { test: [CMD-SHELL, "exit 0"], start_period: 1m } }
        off: { path: /j/o, command: [/x], healthcheck: { test: [CMD, /x], disable: true } }
        none: { path: /j/n, command: [/x], healthcheck: { test: [NONE] } }
        app: { path: /j/a, command: [/x], depends_on: [db, shell] }
        web: { path: /j/w, command: [/x], depends_on: { app: {}, db: { condition: service_healthy } } }
    `));
    expect(brief(r)).toEqual([]);
    const n = r.normalized!.containers;
    expect(n.db.healthcheck).toEqual({ test: ['CMD', '/usr/local/bin/pg_isready', '-q'], interval: '2s', timeout: '30s', retries: 5, start_period: '0s', disable: false });
    expect(n.shell.healthcheck!.test).toEqual(['CMD-SHELL', 'pgrep -q x']);
    expect(n.shell.healthcheck!.retries).toBe(3); // 0 is Docker's "inherit": the default 3
    expect(n.app.depends_on).toEqual({ db: { condition: 'service_started' }, shell: { condition: 'service_started' } });
    const s = Object.fromEntries(r.spec!.containers.map((c) => [c.name, c]));
    expect(s.db).toMatchObject({ restart: 'always', stopSignal: 'INT', stopGracePeriodS: 90, healthcheck: { argv: ['/usr/local/bin/pg_isready', '-q'], intervalS: 2, timeoutS: 30, retries: 5, startPeriodS: 0 } });
    expect(s.shell.healthcheck!.argv).toEqual(['/bin/sh', '-c', 'pgrep -q x']);
    expect(s.cmdshell.healthcheck).toMatchObject({ argv: ['/bin/sh', '-c', 'exit 0'], startPeriodS: 60 });
    expect([s.off.healthcheck, s.none.healthcheck]).toEqual([undefined, undefined]);
    expect(s.web).toMatchObject({ dependsOn: ['app', 'db'], conditions: { app: 'service_started', db: 'service_healthy' } });
  });
});

describe('rules', () => {
  it('restart, stop_signal and durations are checked where they are written', () => {
    const r = load(y(`
      containers:
        a: { path: /j/a, command: [/x], restart: "on-failure:3" }
        b: { path: /j/b, command: [/x], restart: unless-stopped }
        c: { path: /j/c, command: [/x], restart: sometimes, stop_signal: SIGNOPE, stop_grace_period: "10" }
        d: { path: /j/d, command: [/x], stop_signal: "15", healthcheck: { test: [CMD], interval: 0s, timeout: soon } }
        e: { path: /j/e, command: [/x], healthcheck: { test: [RUN, x] } }
        f: { path: /j/f, command: [/x], healthcheck: { interval: 1s } }
    `));
    expect(brief(r)).toEqual([
      '2:44 error restart: on-failure:3: klee cannot keep a restart limit faithfully (daemon(8) of FreeBSD 14 counts no restarts, and 15.x\'s -C counts every restart, not only failures)',
      '3:44 error restart: unless-stopped is always in klee: there is no daemon to restart with the host, and `klee stop` keeps a container stopped anyway',
      '4:44 error restart must be "no", always or on-failure, not "sometimes"',
      '4:68 error stop_signal "SIGNOPE" is not a FreeBSD signal name',
      '4:96 error stop_grace_period "10" is not a duration',
      '5:48 error stop_signal "15" is not a FreeBSD signal name',
      '5:75 error healthcheck test ["CMD"] needs the program to run: ["CMD", "/usr/local/bin/pg_isready"]',
      '5:92 error healthcheck interval must be longer than 0',
      '5:105 error healthcheck timeout "soon" is not a duration',
      '6:56 error healthcheck test must start with "CMD", "CMD-SHELL" or "NONE", not "RUN"',
      '7:35 error healthcheck needs a test (or disable: true)',
    ]);
  });

  it('a stop_grace_period longer than pwait -t takes (bin/pwait/pwait.c: at most 100000000 s) is refused where it is written', () => {
    const r = load(y(`
      containers:
        a: { path: /j/a, command: [/x], stop_grace_period: 27778h }
        b: { path: /j/b, command: [/x], stop_grace_period: 27777h46m40s }
    `));
    expect(brief(r)).toEqual(['2:54 error stop_grace_period 27778h is 100000800 s: pwait(1), which the stop waits with, takes at most 100000000 s (about 3 years)']);
  });

  it('conditions the dependency cannot meet; the thin VM runs as root', () => {
    const r = load(y(`
      containers:
        vm: { path: /j/vm, user: www }
        db: { path: /j/db, command: [/x], restart: always }
        a: { path: /j/a, command: [/x], depends_on: { db: { condition: service_healthy } } }
        b: { path: /j/b, command: [/x], depends_on: { vm: { condition: service_completed_successfully }, db: { condition: service_completed_successfully } } }
        c: { path: /j/c, command: [/x], depends_on: { ghost: {}, c: {} } }
    `));
    expect(brief(r)).toEqual([
      "2:28 error user www: /bin/sh /etc/rc starts the jail's services and must run as root",
      '4:66 error container "a" waits for "db" to be healthy, but "db" has no healthcheck',
      '5:66 error container "b" waits for "vm" to complete, but "vm" runs /bin/sh /etc/rc, which keeps the jail\'s services running',
      '5:117 warning container "b" waits for "db" to complete, but "db" has restart: always and is started again whenever it ends',
      '6:49 error container "c" depends on "ghost", which is not declared under containers',
      '6:60 error container "c" depends on itself',
    ]);
  });
});
