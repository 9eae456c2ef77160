// Removal end to end with the built binary: `jail -r` of a command-line jail leaves its aliases and mounts
// (usr.sbin/jail/jail.c), so klee's down must unmount and un-alias them itself; a host after up + down is fresh.
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openSimHost } from '../../src/host/sim/index.js';
import { afterDown, comparable, events, freshState, Sandbox } from './helpers.js';
import { BIN } from '../bin-path.js';
import { useFreshDist } from '../dist-fresh.js';

useFreshDist(); // these tests run dist/: never a stale build

const run = promisify(execFile);
const boxes: Sandbox[] = [];
afterEach(() => { while (boxes.length) boxes.pop()!.remove(); });

/** Run the built klee (`npm run build`; `npm test` builds first). */
async function bin(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\``);
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e: any) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Host addresses that are not a fresh host's, and mounts beyond the host's own / and /dev (mount -p). */
async function leftovers(box: Sandbox): Promise<{ addresses: string[]; mounts: string[] }> {
  const h = await openSimHost(box.simPath);
  const ifc = (await h.run(['ifconfig', '-a'])).stdout;
  const addresses = [...ifc.matchAll(/^\tinet6? (\S+)/gm)].map((m) => m[1]).filter((a) => !['10.0.2.15', '127.0.0.1', '::1', 'fe80::1%lo0'].includes(a));
  const mounts = (await h.run(['mount', '-p'])).stdout.trim().split('\n').map((l) => l.split(/\s+/)[1]).filter((t) => t !== '/' && t !== '/dev');
  return { addresses, mounts };
}

describe.each(['webapp', 'ipnet'])('built klee: up then down of %s', (example) => {
  it('leaves a host equal to a fresh one: no alias, no mount left', async () => {
    const box = new Sandbox(example);
    boxes.push(box);
    const up = await bin(['up', '-H', box.host()], box.project);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const during = await leftovers(box);
    expect(during.addresses.length).toBeGreaterThan(0);
    expect(during.mounts).toEqual(expect.arrayContaining([expect.stringMatching(/^\/jails\/\w+\/dev$/)]));
    if (example === 'webapp') expect(during.mounts).toEqual(expect.arrayContaining(['/jails/db/var/db/postgres', '/jails/app/usr/local/app', '/jails/web/usr/local/www']));

    const down = await bin(['down', '-H', box.host()], box.project);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(await leftovers(box)).toEqual({ addresses: [], mounts: [] });
    const fresh = await freshState();
    expect(afterDown(box.state(), fresh)).toEqual(comparable(fresh));
  });
});

describe('a jail removed by hand with jail -r', () => {
  it('its leaked alias is removed and the container comes back with the same address; down is clean', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    const H = ['-H', box.host()];
    expect((await box.klee(['up', ...H])).code).toBe(0);
    const h = await openSimHost(box.simPath);
    expect((await h.run(['jail', '-r', 'ipnet-demo_first'])).exitCode).toBe(0);
    expect((await h.run(['ifconfig', 'kleene0'])).stdout).toContain('inet 10.2.3.1 ');
    const plan = await box.klee(['plan', ...H]);
    expect(plan.stdout).toMatch(/- address +testnet +interface=kleene0 address=10\.2\.3\.1 +# leaked alias/);
    expect(plan.stdout).toMatch(/\+ container +first +driver=ipnet addresses=testnet=10\.2\.3\.1 /);
    const up = await box.klee(['up', ...H]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect((await box.klee(['plan', '--detailed-exitcode', ...H])).code).toBe(0);
    // the devfs the removed jail left is still mounted below the new one; down unmounts both
    expect((await leftovers(box)).mounts.filter((m) => m === '/jails/first/dev')).toHaveLength(2);
    expect((await box.klee(['down', ...H])).code).toBe(0);
    expect(await leftovers(box)).toEqual({ addresses: [], mounts: [] });
  });
});

describe('a failing stop command', () => {
  it('fails its removal, which keeps the jail (and so everything it attributes); the next down finishes', async () => {
    const box = new Sandbox('ipnet');
    boxes.push(box);
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    // the programs' stop (src/host/program.ts), the first command of each removal
    const down = await box.klee(['down', '--json', '-H', box.host('fail-match=' + encodeURIComponent(' TERM 10$'))]);
    const ev = down.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(down.code).toBe(1);
    expect(ev.at(-1).failures.map((f: any) => [f.id, f.error.argv.slice(-2).join(' ')]).sort()).toEqual([['container:first', 'TERM 10'], ['container:second', 'TERM 10']]);
    // nothing after the stop ran: no umount under second's program (host, which the simulator runs until signalled)
    expect(ev.filter((e) => e.event === 'command' && ['umount', 'jail'].includes(e.argv[0]))).toEqual([]);
    expect((box.state().jails as any[]).map((j) => j.name).sort()).toEqual(['ipnet-demo_first', 'ipnet-demo_second']);
    expect((await box.klee(['down', '-H', box.host()])).code).toBe(0);
    expect(await leftovers(box)).toEqual({ addresses: [], mounts: [] });
  });
});

describe('down with the file present', () => {
  it("runs the file's own exec.stop, and plan --json marks best-effort commands", async () => {
    const box = new Sandbox();
    boxes.push(box);
    writeFileSync(join(box.project, 'kleene.yaml'), [
      'name: stopper',
      'networks: { n: { subnet: 10.9.0.0/24 } }',
      'containers:',
      '  a: { path: /jails/a, networks: [n], jail_params: ["exec.stop=/usr/local/bin/graceful"] }',
      '',
    ].join('\n'));
    // the simulator runs a program until it is signalled unless told otherwise: graceful ends at once
    box.controls = 'prog=/usr/local/bin/graceful:exit=0';
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const down = await box.klee(['down', '--json', '-H', box.host()]);
    expect(down.code, down.stderr).toBe(0);
    const stops = events(down.stdout).filter((e) => e.event === 'command' && e.argv[0] === 'jexec' && e.argv[2] === '/bin/sh');
    // the thin VM's stop runs the file's exec.stop instead of rc.shutdown (src/host/program.ts RC_STOP)
    expect(stops.map((e) => [e.argv.slice(0, 3), e.argv.slice(5)])).toEqual([[['jexec', 'stopper_a', '/bin/sh'], ['/var/run/klee/stopper_a', '/usr/local/bin/graceful']]]);
    // Without the file, down falls back to Kleene's default stop command.
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    rmSync(join(box.project, 'kleene.yaml'));
    const blind = await box.klee(['down', '--json', '-p', 'stopper', '-H', box.host()]);
    const stop2 = events(blind.stdout).filter((e) => e.event === 'command' && e.argv[0] === 'jexec' && e.argv[2] === '/bin/sh');
    expect(stop2.map((e) => e.argv.slice(5))).toEqual([['/var/run/klee/stopper_a', '/bin/sh /etc/rc.shutdown jail']]);
  });

  it("plan --json lists the indexes of best-effort commands (a supervised program's exec.stop)", async () => {
    const box = new Sandbox();
    boxes.push(box);
    const file = (containers: string) => writeFileSync(join(box.project, 'kleene.yaml'), `name: drain\nnetworks: { n: { subnet: 10.9.0.0/24 } }\ncontainers:\n${containers}`);
    const a = (cmd: string) => `  a: { path: /jails/a, networks: [n], command: [${cmd}], jail_params: ["exec.stop=/usr/local/bin/drain"] }\n  b: { path: /jails/b, networks: [n] }\n`;
    file(a('/usr/local/bin/a'));
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    file(a('/usr/local/bin/a, --v2')); // a replacement: its removal half stops the running program
    const plan = JSON.parse((await box.klee(['plan', '--json', '-H', box.host()])).stdout);
    const removal = plan.actions.find((a: { id: string }) => a.id === 'container:a:delete');
    expect(removal.commands[0]).toEqual(['jexec', 'drain_a', '/bin/sh', '-c', '/usr/local/bin/drain']);
    expect(removal.mayFail).toEqual([0]);
    expect(plan.actions.filter((a: { mayFail?: number[] }) => a.mayFail).map((a: { id: string }) => a.id)).toEqual(['container:a:delete']);
  });
});
