// ps, ls, inspect, exec, logs and --dry-run against a simulated host, through runCli.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparable, freshState, Sandbox } from './helpers.js';

describe('commands on a running vnet example', () => {
  const box = new Sandbox('vnet');
  const H = ['-H', box.host()];
  beforeAll(async () => {
    expect((await box.klee(['up', ...H])).code).toBe(0);
  });
  afterAll(() => box.remove());

  it('ps --json follows the contract, addresses read live', async () => {
    const r = await box.klee(['ps', '--json', ...H]);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((c: any) => Object.keys(c).sort())).toEqual([
      ['driver', 'exitCode', 'health', 'inFile', 'jail', 'jid', 'name', 'networks', 'state'],
      ['driver', 'exitCode', 'health', 'inFile', 'jail', 'jid', 'name', 'networks', 'state'],
    ]);
    expect(rows.map((c: any) => [c.name, c.jail, c.state, c.exitCode, c.health, c.driver, c.networks])).toEqual([
      ['vpnservice', 'vnet-demo_vpnservice', 'running', null, null, 'vnet', [{ network: 'testnet', ip: '10.4.6.3', ip6: null, interface: 'epair0b' }]],
      ['webservice', 'vnet-demo_webservice', 'running', null, null, 'ipnet', [{ network: 'testnet', ip: '10.4.6.2', ip6: null, interface: 'kleene0' }]],
    ]);
  });

  it('ls lists the project from its labels', async () => {
    const r = await box.klee(['ls', '--json', ...H]);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({
      name: 'vnet-demo', networks: ['testnet@kleene0'], epairs: 1,
      containers: [expect.objectContaining({ name: 'vpnservice' }), expect.objectContaining({ name: 'webservice' })],
    })]);
  });

  it('inspect shows a network with its endpoints and a container with its endpoints, Kleene-style', async () => {
    const net = JSON.parse((await box.klee(['inspect', 'testnet', ...H])).stdout);
    expect(net.network).toMatchObject({ name: 'testnet', type: 'bridge', interface: 'kleene0', subnet: '10.4.6.0/24', gateway: '10.4.6.1', icc: true, internal: false });
    expect(net.network_endpoints).toEqual([
      { container_id: 'vnet-demo_vpnservice', epair: 'epair0a', id: 'vnet-demo_vpnservice:testnet', ip_address: '10.4.6.3', ip_address6: '', network_id: 'testnet' },
      { container_id: 'vnet-demo_webservice', epair: null, id: 'vnet-demo_webservice:testnet', ip_address: '10.4.6.2', ip_address6: '', network_id: 'testnet' },
    ]);
    const c = JSON.parse((await box.klee(['inspect', 'webservice', ...H])).stdout);
    expect(c.container).toMatchObject({ name: 'webservice', network_driver: 'ipnet', running: true, jail_param: ['allow.raw_sockets'], user: 'root' });
    expect(c.container_endpoints).toEqual([net.network_endpoints[1]]);
    expect(c.container_mountpoints).toEqual([]);
    const nope = await box.klee(['inspect', 'nope', ...H]);
    expect(nope.code).toBe(1);
    expect(nope.stderr).toBe('klee: no container or network "nope" in project vnet-demo (known: testnet, vpnservice, webservice)\n');
  });

  it('exec runs jexec in the jail and passes the exit code through', async () => {
    const r = await box.klee([...H, 'exec', 'vpnservice', 'ifconfig', 'epair0b']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^epair0b: flags=/);
    expect(r.stdout).toContain('\tinet 10.4.6.3 netmask 0xffffff00 broadcast 10.4.6.255');
    const bad = await box.klee([...H, 'exec', 'vpnservice', 'ifconfig', 'nosuch0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('ifconfig: interface nosuch0 does not exist\n');
    const unknown = await box.klee([...H, 'exec', 'db', 'ls']);
    expect(unknown.stderr).toMatch(/^klee: no container "db" in .*kleene\.yaml \(containers: vpnservice, webservice\)/);
  });

  it('logs prints the thin VM\'s console log (the in-jail command output only), and a supervised program\'s log', async () => {
    // vpnservice runs /bin/sh /etc/rc, whose services the simulator does not model, printing nothing; the
    // vnet set-up in exec.created runs on the host, so its "add net default" is not in the log (command.c).
    const r = await box.klee([...H, 'logs', 'vpnservice']);
    expect([r.code, r.stdout]).toEqual([0, '']);
    const echo = new Sandbox();
    try {
      writeFileSync(join(echo.project, 'kleene.yaml'), 'name: echo\ncontainers:\n  e: { path: /jails/e, command: [/bin/echo, ready] }\n');
      expect((await echo.klee(['up', '-H', echo.host()])).code).toBe(0);
      // echo under daemon(8): its output went to the program's log, with the wrapper's exit line after it
      const logs = await echo.klee(['logs', 'e', '-H', echo.host()]);
      expect([logs.code, logs.stdout]).toEqual([0, 'ready\nklee: exited with status 0\n']);
      expect((await echo.klee(['logs', 'e', '--tail', '1', '-H', echo.host()])).stdout).toBe('klee: exited with status 0\n');
      const ts = await echo.klee(['logs', 'e', '--timestamps', '-H', echo.host()]);
      expect([ts.code, ts.stderr]).toEqual([1, expect.stringMatching(/^klee: klee logs cannot show timestamps: daemon\(8\) writes/)]);
    } finally {
      echo.remove();
    }
  });

  it('up --dry-run on a converged host prints an empty script', async () => {
    const r = await box.klee(['up', '--dry-run', ...H]);
    expect(r.stdout).toContain('# Nothing to do: the host already matches.');
  });
});

describe('--dry-run and down without a file', () => {
  it('up --dry-run prints a valid shell script and changes nothing', async () => {
    const box = new Sandbox('webapp');
    try {
      const fresh = comparable(await freshState());
      const r = await box.klee(['up', '--dry-run', '-H', box.host()]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n').slice(0, 1)).toEqual(['#!/bin/sh']);
      expect(r.stdout).toMatch(/\nset -e\n/);
      expect(r.stdout).toMatch(/\nklee_run \/usr\/sbin\/jail -c name=webapp_db /);
      expect(r.stdout).toMatch(/<<'KLEE_EOF'\n[^]*\nKLEE_EOF\n/); // pf rules as a quoted heredoc
      execFileSync('/bin/sh', ['-n'], { input: r.stdout }); // syntax check
      expect(comparable(box.state())).toEqual(fresh);
      expect(existsSync(`${box.simPath}.webapp.lock`)).toBe(false);
    } finally {
      box.remove();
    }
  });

  it('down without a file needs -p, and with -p removes the project', async () => {
    const box = new Sandbox('ipnet');
    try {
      expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
      const empty = join(box.dir, 'elsewhere');
      mkdirSync(empty);
      const refused = await box.klee(['down', '-H', box.host()], { cwd: empty });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^klee: klee down needs a project: no kleene\.yaml or kleene\.yml in .*elsewhere\nhint: .*-p NAME/);
      // first runs ifconfig, a one-shot: exited 0, shown with -a
      const ps = await box.klee(['ps', '-a', '-p', 'ipnet-demo', '-H', box.host()], { cwd: empty });
      expect(ps.stdout).toMatch(/first\s+ipnet-demo_first\s+\d+\s+exited \(0\)\s+-\s+ipnet\s+testnet=10\.2\.3\.1@kleene0/);
      const down = await box.klee(['down', '-p', 'ipnet-demo', '-H', box.host()], { cwd: empty });
      expect(down.code).toBe(0);
      expect(down.stdout).toMatch(/down complete: \d+ done/);
      const stopped = JSON.parse((await box.klee(['ps', '--json', '-H', box.host()])).stdout);
      expect(stopped.map((c: any) => [c.name, c.state, c.jid])).toEqual([['first', 'stopped', null], ['second', 'stopped', null]]);
    } finally {
      box.remove();
    }
  });
});

describe('the human view of up', () => {
  it('on a terminal: rows redrawn in place with colour; not on a terminal: plain lines', async () => {
    const tty = new Sandbox('ipnet');
    const plain = new Sandbox('ipnet');
    try {
      const live = await tty.klee(['up', '-H', tty.host()], { tty: true });
      expect(live.code).toBe(0);
      expect(live.stdout).toMatch(/\x1b\[\d+A/); // cursor up over the rows
      expect(live.stdout).toContain('\x1b[2K'); // each row cleared and redrawn
      expect(live.stdout).toMatch(/container first\s+\x1b\[32mCreated/);
      const text = await plain.klee(['up', '-H', plain.host()]);
      expect(text.stdout).not.toContain('\x1b');
      expect(text.stdout.split('\n')[0]).toBe('klee up: project ipnet-demo on ' + plain.host() + ': 4 to create, 1 to update');
      expect(text.stdout).toMatch(/\n ✔ container first +Created  \d+\.\ds\n/);
      expect(text.stdout).toMatch(/\nup complete: 5 done in \d+\.\ds\.\n$/);
    } finally {
      tty.remove();
      plain.remove();
    }
  });
});
