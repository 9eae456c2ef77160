// ifconfig behaviours and texts against the fixtures (01, 13, 25, 26, R3, R4 under test/fixtures/freebsd).
import { describe, expect, it } from 'vitest';
import { freshHost } from './helpers.js';

describe('ifconfig create', () => {
  it('prints the new name with the lowest free unit (fixtures 01, 25, R3)', async () => {
    const { sh } = await freshHost();
    expect((await sh('ifconfig', 'bridge', 'create')).stdout).toBe('bridge0\n');
    expect((await sh('ifconfig', 'bridge', 'create')).stdout).toBe('bridge1\n');
    expect((await sh('ifconfig', 'epair', 'create')).stdout).toBe('epair0a\n');
    expect((await sh('ifconfig', 'epair', 'create')).stdout).toBe('epair1a\n');
    expect((await sh('ifconfig', 'lo', 'create')).stdout).toBe('lo1\n');
    // R3: explicit unit kept as is prints nothing; epair7 -> epair7a is printed
    expect((await sh('ifconfig', 'lo5', 'create')).stdout).toBe('');
    expect((await sh('ifconfig', 'epair7', 'create')).stdout).toBe('epair7a\n');
    // R3: ifconfig -l lists all names on one line
    expect((await sh('ifconfig', '-l')).stdout).toBe('em0 lo0 pflog0 bridge0 bridge1 epair0a epair0b epair1a epair1b lo1 lo5 epair7a epair7b\n');
  });

  it('create + rename prints the final name once, and the unit stays taken (R3)', async () => {
    const { sh } = await freshHost();
    expect((await sh('ifconfig', 'bridge', 'create', 'name', 'jailbr0', 'up')).stdout).toBe('jailbr0\n');
    expect((await sh('ifconfig', 'bridge', 'create')).stdout).toBe('bridge1\n');
    expect((await sh('ifconfig', 'epair3', 'create')).stdout).toBe('epair3a\n');
    expect((await sh('ifconfig', 'epair3a', 'name', 'e3a_web')).stdout).toBe('e3a_web\n');
    // if.c SIOCSIFNAME: copyinstr into IFNAMSIZ, then if_rename ("" EINVAL, its own name a no-op)
    expect((await sh('ifconfig', 'e3a_web', 'name', 'a_sixteen_chars_')).stderr).toBe('ifconfig: ioctl SIOCSIFNAME (set name): File name too long\n');
    expect((await sh('ifconfig', 'e3a_web', 'name', '')).stderr).toBe('ifconfig: ioctl SIOCSIFNAME (set name): Invalid argument\n');
    expect((await sh('ifconfig', 'e3a_web', 'name', 'e3a_web')).exitCode).toBe(0);
  });

  it('a failing rename after create still prints the clone, which keeps the options before it (ifconfig.c atexit printifnamemaybe)', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'name', 'kleene0');
    const r = await sh('ifconfig', 'bridge', 'create', 'description', 'klee:p:n', 'up', 'name', 'kleene0');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([1, 'bridge0\n', 'ifconfig: ioctl SIOCSIFNAME (set name): File exists\n']);
    const left = (await sh('ifconfig', 'bridge0')).stdout;
    expect(left).toMatch(/^bridge0: flags=[0-9a-f]+<UP,/);
    expect(left).toContain('\tdescription: klee:p:n\n');
    // renaming an existing interface sets no printifname: nothing on stdout
    const again = await sh('ifconfig', 'bridge0', 'name', 'kleene0');
    expect([again.exitCode, again.stdout]).toEqual([1, '']);
  });

  it('refuses existing names and unknown cloners with R4 texts', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo1', 'create');
    const r = await sh('ifconfig', 'lo1', 'create');
    expect([r.exitCode, r.stderr]).toEqual([1, 'ifconfig: interface lo1 already exists\n']);
    expect((await sh('ifconfig', 'foo', 'create')).stderr).toBe('ifconfig: SIOCIFCREATE2: Invalid argument\n');
    expect((await sh('ifconfig', 'em0', 'destroy')).stderr).toBe('ifconfig: SIOCIFDESTROY: Invalid argument\n');
    expect((await sh('ifconfig', 'epair9a', 'up')).stderr).toBe('ifconfig: interface epair9a does not exist\n');
    expect((await sh('ifconfig', 'lo1', 'group', 'jails1')).stderr).toBe('ifconfig: setifgroup: group names may not end in a digit\n');
    expect((await sh('ifconfig', 'lo1', 'inet', '10.0.0.1/33')).stderr).toBe('ifconfig: 10.0.0.1/33: bad value (width too large)\n');
    expect((await sh('ifconfig', 'lo1', 'vnet', 'foo')).stderr).toBe('ifconfig: jail "foo" not found\n');
  });

  it('epair: a renamed one keeps its unit; a free unit whose epairNa/b name another interface holds is EEXIST (if_epair.c epair_handle_unit)', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'epair', 'create');
    await sh('ifconfig', 'epair0a', 'name', 'e0a_bastille0');
    await sh('ifconfig', 'epair0b', 'name', 'e0b_bastille0');
    expect((await sh('ifconfig', 'epair0', 'create')).stderr).toBe('ifconfig: interface epair0 already exists\n');
    expect((await sh('ifconfig', 'epair', 'create')).stdout).toBe('epair1a\n');
    await sh('ifconfig', 'lo', 'create', 'name', 'epair2b'); // a lo clone named like unit 2's b side
    const r = await sh('ifconfig', 'epair', 'create');
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([1, '', 'ifconfig: interface epair already exists\n']);
  });
});

describe('addresses', () => {
  it('alias adds, -alias removes, no alias replaces the first address; R4 errors', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'bridge', 'create', 'up');
    await sh('ifconfig', 'bridge0', 'inet', '10.4.6.1/24', 'alias');
    await sh('ifconfig', 'bridge0', 'inet', '10.4.7.1/24', 'alias');
    let out = (await sh('ifconfig', 'bridge0')).stdout;
    expect(out).toContain('\tinet 10.4.6.1 netmask 0xffffff00 broadcast 10.4.6.255\n\tinet 10.4.7.1 netmask 0xffffff00 broadcast 10.4.7.255\n');
    await sh('ifconfig', 'bridge0', 'inet', '10.4.8.1/24');
    out = (await sh('ifconfig', 'bridge0')).stdout;
    expect(out).not.toContain('10.4.6.1');
    expect(out.indexOf('10.4.7.1')).toBeLessThan(out.indexOf('10.4.8.1'));
    const dup = await sh('ifconfig', 'lo0', 'inet', '10.4.7.1/32', 'alias');
    expect([dup.exitCode, dup.stderr]).toEqual([1, 'ifconfig: ioctl (SIOCAIFADDR): File exists\n']);
    const gone = await sh('ifconfig', 'bridge0', 'inet', '10.9.9.9', '-alias');
    expect(gone.stderr).toBe("ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n");
    expect((await sh('ifconfig', 'bridge0', 'inet', '10.4.7.1', '-alias')).exitCode).toBe(0);
    expect((await sh('ifconfig', 'bridge0')).stdout).not.toContain('10.4.7.1');
  });

  it('loopback addresses print without broadcast; IPv6 in canonical form', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'name', 'kleene0', 'up');
    await sh('ifconfig', 'kleene0', 'inet', '10.2.3.1/32', 'alias');
    await sh('ifconfig', 'kleene0', 'inet6', 'FD00:0:0::1/64', 'alias');
    const out = (await sh('ifconfig', 'kleene0')).stdout;
    expect(out).toContain('\tinet 10.2.3.1 netmask 0xffffffff\n'); // seed 003
    expect(out).toContain('\tinet6 fe80::1%kleene0 prefixlen 64 scopeid 0x4\n'); // seed 002 form
    expect(out).toContain('\tinet6 fd00::1 prefixlen 64\n');
  });

  it('an address without a mask warns (af_inet.c in_postproc), except on a loopback interface; both take the classful mask', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'lo', 'create', 'up');
    await sh('ifconfig', 'bridge', 'create', 'up');
    expect((await sh('ifconfig', 'lo1', 'inet', '10.2.3.1', 'alias')).stderr).toBe('');
    expect((await sh('ifconfig', 'bridge0', 'inet', '10.4.6.1', 'alias')).stderr).toBe('ifconfig: WARNING: setting interface address without mask is deprecated,\ndefault mask may not be correct.\n');
    expect((await sh('ifconfig', 'lo1')).stdout).toContain('\tinet 10.2.3.1 netmask 0xff000000\n');
  });
});

describe('bridges and epairs', () => {
  it('lists members most recently added first; File exists / Device busy / not a member', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'bridge', 'create');
    await sh('ifconfig', 'bridge', 'create');
    await sh('ifconfig', 'epair', 'create');
    await sh('ifconfig', 'bridge0', 'addm', 'epair0a', 'addm', 'epair0b');
    const out = (await sh('ifconfig', 'bridge0')).stdout;
    expect(out.indexOf('member: epair0b')).toBeLessThan(out.indexOf('member: epair0a'));
    expect(out).toContain('\tmember: epair0a flags=143<LEARNING,DISCOVER,AUTOEDGE,AUTOPTP>\n\t        ifmaxaddr 0 port 6 priority 128 path cost 2000\n');
    expect((await sh('ifconfig', 'bridge0', 'addm', 'epair0a')).stderr).toBe('ifconfig: BRDGADD epair0a: File exists\n'); // fixture 13
    expect((await sh('ifconfig', 'bridge1', 'addm', 'epair0a')).stderr).toBe('ifconfig: BRDGADD epair0a: Device busy\n');
    expect((await sh('ifconfig', 'bridge1', 'deletem', 'epair0a')).stderr).toBe('ifconfig: BRDGDEL epair0a: No such file or directory\n');
    // if_bridge.c bridge_ioctl_add: only Ethernet interfaces join (not lo0, pflog0, a bridge); MTUs must match
    for (const m of ['lo0', 'pflog0', 'bridge0', 'bridge1']) expect((await sh('ifconfig', 'bridge1', 'addm', m)).stderr).toBe(`ifconfig: BRDGADD ${m}: Invalid argument\n`);
    await sh('ifconfig', 'epair', 'create');
    await sh('ifconfig', 'epair1b', 'mtu', '9000');
    expect((await sh('ifconfig', 'bridge0', 'addm', 'epair1b')).stderr).toBe('ifconfig: BRDGADD epair1b: Invalid argument\n');
    await sh('ifconfig', 'epair1b', 'destroy');
    // members are promiscuous (fixture 18 / 17 show PROMISC on members)
    expect((await sh('ifconfig', 'epair0a')).stdout).toMatch(/^epair0a: flags=1008942<BROADCAST,RUNNING,PROMISC,SIMPLEX,MULTICAST,LOWER_UP>/);
    await sh('ifconfig', 'epair0b', 'destroy');
    expect((await sh('ifconfig', '-l')).stdout).toBe('em0 lo0 pflog0 bridge0 bridge1\n');
    expect((await sh('ifconfig', 'bridge0')).stdout).not.toContain('member:');
  });

  it('a fresh epair side is down with LOWER_UP (fixture 26)', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'epair', 'create');
    expect((await sh('ifconfig', 'epair0b')).stdout).toMatch(/^epair0b: flags=1008842<BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n\toptions=8<VLAN_MTU>\n\tether [0-9a-f:]{17}\n\tgroups: epair\n\tmedia: Ethernet 10Gbase-T \(10Gbase-T <full-duplex>\)\n\tstatus: active\n\tnd6 options=29<PERFORMNUD,IFDISABLED,AUTO_LINKLOCAL>\n$/);
  });

  it('vnet moves clear addresses; destroying the a side takes the b side out of the jail', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'epair', 'create', 'up');
    await sh('ifconfig', 'epair0b', 'inet', '10.1.0.2/24');
    await sh('jail', '-c', 'name=j', 'path=/', 'persist', 'vnet');
    expect((await sh('ifconfig', 'epair0b', 'vnet', 'j')).exitCode).toBe(0);
    expect((await sh('ifconfig', 'epair0b')).stderr).toBe('ifconfig: interface epair0b does not exist\n');
    const inside = (await sh('jexec', 'j', 'ifconfig', 'epair0b')).stdout;
    expect(inside).not.toContain('inet ');
    await sh('ifconfig', 'epair0a', 'destroy');
    expect((await sh('jexec', 'j', 'ifconfig', '-l')).stdout).toBe('lo0 pflog0\n');
  });

  it('-vnet brings an interface back', async () => {
    const { sh } = await freshHost();
    await sh('ifconfig', 'epair', 'create');
    await sh('jail', '-c', 'name=j', 'path=/', 'persist', 'vnet');
    await sh('ifconfig', 'epair0b', 'vnet', 'j');
    expect((await sh('ifconfig', 'epair0b', '-vnet', 'j')).exitCode).toBe(0);
    expect((await sh('ifconfig', '-l')).stdout).toContain('epair0b');
  });
});
