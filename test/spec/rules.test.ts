import { describe, expect, it } from 'vitest';
import { brief, load, y } from './helpers.js';
import { parsePort } from '../../src/spec/ports.js';
import { parseMount } from '../../src/spec/mounts.js';
import { formatAddress, parseAddress, parseSubnet } from '../../src/spec/addr.js';

const hints = (text: string) => load(text).diagnostics.map((d) => d.hint);

describe('addresses', () => {
  it('parses and formats IPv4 and IPv6', () => {
    expect(parseAddress('10.4.6.2', 4)).toBe(0x0a040602n);
    expect(parseAddress('010.4.6.2', 4)).toBeUndefined();
    expect(parseAddress('fe80::1%lo0', 6)).toBeUndefined();
    expect(formatAddress(parseAddress('fd00:8:0:0:0:0:0:10', 6)!, 6)).toBe('fd00:8::10');
    expect(formatAddress(parseAddress('::ffff:10.0.0.1', 6)!, 6)).toBe('::ffff:a00:1');
    expect(parseSubnet('10.4.6.5/24', 4)).toMatchObject({ prefix: 24, network: 0x0a040600n, last: 0x0a0406ffn });
    expect(parseSubnet('10.4.6.0/33', 4)).toBeUndefined();
  });
});

describe('names', () => {
  it('network and container names must match the safe pattern', () => {
    const r = load(y(`
      networks:
        -bad: {}
      containers:
        "a.b": { path: /j/a }
        ok_name-1: { path: /j/ok }
    `));
    expect(brief(r)).toEqual([
      `2:3 error network name "-bad" is not valid: use letters, digits, '_' and '-', starting with a letter or digit`,
      `4:3 error container name "a.b" is not valid: use letters, digits, '_' and '-', starting with a letter or digit`,
    ]);
  });

  it('jail names: warning above 29 bytes, error above 64', () => {
    const long = 'c'.repeat(40);
    const huge = 'h'.repeat(60);
    const r = load(`name: proj\ncontainers:\n  ${long}: { path: /j/a }\n  ${huge}: { path: /j/b }\n`);
    expect(brief(r)).toEqual([
      `3:3 warning jail name "proj_${long}" is 45 bytes: \`jls -v\` shows only the first 29`,
      `4:3 error jail name "proj_${huge}" is 65 bytes: at most 64`,
    ]);
  });
});

describe('networks', () => {
  it('subnets parse, have the right family and are canonical', () => {
    const r = load(y(`
      networks:
        a: { subnet: 10.4.6.5/24 }
        b: { subnet: "fd00::/64" }
        c: { subnet6: 10.9.0.0/16 }
        d: { subnet: 300.1.1.0/24 }
    `));
    expect(brief(r)).toEqual([
      '2:16 error subnet "10.4.6.5/24" is not the network address of its range',
      '3:16 error subnet "fd00::/64" is not an IPv4 subnet in CIDR form',
      '4:17 error subnet6 "10.9.0.0/16" is not an IPv6 subnet in CIDR form',
      '5:16 error subnet "300.1.1.0/24" is not an IPv4 subnet in CIDR form',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['use 10.4.6.0/24', 'this is an IPv6 subnet: use subnet6', 'this is an IPv4 subnet: use subnet', 'for instance 10.4.6.0/24']);
  });

  it('subnets of different networks do not overlap', () => {
    const r = load(y(`
      networks:
        a: { subnet: 10.0.0.0/16, subnet6: "fd00::/48" }
        b: { subnet: 10.0.5.0/24 }
        c: { subnet: 10.1.0.0/24, subnet6: "fd00:0:0:1::/64" }
    `));
    expect(brief(r)).toEqual([
      '3:16 error subnet 10.0.5.0/24 of network "b" overlaps 10.0.0.0/16 of network "a"',
      '4:38 error subnet6 fd00:0:0:1::/64 of network "c" overlaps fd00::/48 of network "a"',
    ]);
  });

  it('gateways lie inside their subnet and are not the network or broadcast address', () => {
    const r = load(y(`
      networks:
        a: { type: bridge, subnet: 10.1.0.0/24, gateway: 10.2.0.1 }
        b: { type: bridge, subnet: 10.3.0.0/24, gateway: 10.3.0.255 }
        c: { type: bridge, subnet: 10.4.0.0/24, gateway: 10.4.0.0 }
        d: { type: bridge, gateway: 10.5.0.1 }
        e: { type: bridge, subnet: 10.6.0.0/24, gateway: nope }
        f: { type: bridge, subnet: 10.7.0.0/24, gateway: 10.7.0.254, gateway6: none }
        g: { type: loopback, subnet: 10.8.0.0/24, gateway: 10.8.0.1 }
    `));
    expect(brief(r)).toEqual([
      '2:52 error gateway 10.2.0.1 is outside subnet 10.1.0.0/24',
      '3:52 error gateway 10.3.0.255 is the broadcast address of 10.3.0.0/24',
      '4:52 error gateway 10.4.0.0 is the network address of 10.4.0.0/24',
      '5:31 error gateway 10.5.0.1 needs subnet on network "d"',
      '6:52 error gateway "nope" is not auto, none or an IPv4 address',
      '8:54 warning gateway is only used by vnet containers, which join only bridge networks: ignored on a loopback network',
    ]);
  });

  it('custom networks need an interface; an interface belongs to one network', () => {
    const r = load(y(`
      networks:
        lan: { type: custom }
        a: { interface: kleene7 }
        b: { type: bridge, interface: kleene7 }
    `));
    expect(brief(r)).toEqual([
      '2:3 error custom network "lan" needs `interface`: the existing host interface it uses',
      '4:33 error interface kleene7 is already used by network "a"',
    ]);
  });

  it('a loopback or bridge network\'s interface is never named like an epair side (klee\'s next epair would share the name); a custom one may be', () => {
    const r = load(y(`
      networks:
        br: { type: bridge, interface: epair0a }
        lo: { interface: epair3b }
        lan: { type: custom, interface: epair9a }
        ok: { type: bridge, interface: epair0 }
    `));
    expect(brief(r)).toEqual([
      '2:34 error interface epair0a of bridge network "br" is named like an epair side (epairNa/epairNb), which klee creates for vnet containers',
      '3:20 error interface epair3b of loopback network "lo" is named like an epair side (epairNa/epairNb), which klee creates for vnet containers',
    ]);
  });
});

describe('containers', () => {
  it('a container needs path or image; paths are absolute without ..', () => {
    const r = load(y(`
      containers:
        a: {}
        b: { path: jails/b }
        c: { path: /jails/../etc }
        d: { image: zroot/base@v1 }
    `));
    expect(brief(r)).toEqual([
      '2:3 error container "a" needs `path` (its root directory) or `image` (a ZFS snapshot to clone)',
      '3:14 error path "jails/b" must be absolute (start with /)',
      '4:14 error path "/jails/../etc" contains a ".." segment',
    ]);
  });

  it('networks must be declared, once', () => {
    const r = load(y(`
      networks:
        front: {}
      containers:
        a: { path: /j/a, networks: [front, frnt, front] }
        b:
          path: /j/b
          networks:
            back: {}
    `));
    expect(brief(r)).toEqual([
      '4:38 error container "a" joins network "frnt", which is not declared under networks',
      '4:44 error network "front" is listed twice',
      '8:7 error container "b" joins network "back", which is not declared under networks',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['did you mean "front"?', undefined, 'declared networks: front']);
  });

  it("driver rules use Kleene's messages", () => {
    const r = load(y(`
      networks:
        lo: {}
        br: { type: bridge, subnet: 10.0.0.0/24 }
      containers:
        h: { path: /j/h, driver: host, networks: [br] }
        d: { path: /j/d, driver: disabled, ports: ["80:80"] }
        v: { path: /j/v, driver: vnet, networks: [br, lo] }
    `));
    expect(brief(r)).toEqual([
      "5:44 error containers with the 'host' network-driver cannot connect to networks.",
      "6:45 error containers with the 'disabled' network-driver cannot publish ports",
      "7:49 error containers using the 'vnet' network-driver can't connect to loopback networks",
    ]);
  });

  it('explicit addresses: family, subnet, not network/broadcast/gateway, unique', () => {
    const r = load(y(`
      networks:
        br: { type: bridge, subnet: 10.0.0.0/24 }
        lo: { subnet: 10.1.0.0/24 }
        v4only: {}
      containers:
        a:
          path: /j/a
          networks:
            br: { ip: 10.0.0.1 }
            lo: { ip: 10.1.0.0 }
        b:
          path: /j/b
          networks:
            br: { ip: 10.0.1.5 }
            lo: { ip: 10.1.0.255, ip6: "fd00::1" }
        c:
          path: /j/c
          networks:
            br: { ip: "fd00::2" }
            lo: { ip: 10.1.0.7 }
            v4only: { ip: 10.9.9.9 }
        d:
          path: /j/d
          networks:
            lo: { ip: 10.1.0.7 }
    `));
    expect(brief(r)).toEqual([
      '9:17 error ip 10.0.0.1 is the gateway of network "br"',
      '10:17 error ip 10.1.0.0 is the network address of 10.1.0.0/24',
      '14:17 error ip 10.0.1.5 is outside subnet 10.0.0.0/24 of network "br"',
      '15:17 error ip 10.1.0.255 is the broadcast address of 10.1.0.0/24',
      '15:34 error network "lo" has no IPv6 subnet, so ip6 fd00::1 cannot be assigned',
      '19:17 error ip "fd00::2" is not an IPv4 address',
      '21:21 error network "v4only" has no IPv4 subnet, so ip 10.9.9.9 cannot be assigned',
      '25:17 error ip 10.1.0.7 on network "lo" is already given to container "c"',
    ]);
    expect(r.diagnostics[0].hint).toBe('with gateway: auto the bridge takes the first address');
  });

  it('depends_on: known containers, no self, cycles shown once', () => {
    const r = load(y(`
      containers:
        a: { path: /j/a, depends_on: [b] }
        b: { path: /j/b, depends_on: [c, dd] }
        c: { path: /j/c, depends_on: [a] }
        d: { path: /j/d, depends_on: [d] }
    `));
    expect(brief(r)).toEqual([
      '3:36 error container "b" depends on "dd", which is not declared under containers',
      '4:33 error dependency cycle: a -> b -> c -> a',
      '5:33 error container "d" depends on itself',
    ]);
    expect(r.diagnostics[0].hint).toBe('did you mean "d"?');
  });
});

describe('ports', () => {
  it('parses the accepted forms', () => {
    expect(parsePort('8080:80')).toEqual({ ok: true, port: { hostStart: 8080, hostEnd: 8080, containerStart: 80, containerEnd: 80, protocol: 'tcp' } });
    expect(parsePort('em0:8000-8010:9000-9010/udp')).toEqual({ ok: true, port: { interface: 'em0', hostStart: 8000, hostEnd: 8010, containerStart: 9000, containerEnd: 9010, protocol: 'udp' } });
  });
  it.each([
    ['80', 'port "80" is not [interface:]host:container[/tcp|udp]'],
    ['80:80/sctp', 'port "80:80/sctp" has protocol "sctp": expected tcp or udp'],
    ['0:80', 'port "0:80" has host port "0": ports are 1-65535'],
    ['80:70000', 'port "80:70000" has container port "70000": ports are 1-65535'],
    ['8000-8010:80-85', 'port "8000-8010:80-85" maps 11 host ports to 6 container ports: ranges must have the same length'],
    ['90-80:90-80', 'port "90-80:90-80" has host port "90-80": the range ends before it starts'],
    ['1em:80:80', `port "1em:80:80" names interface "1em", which is not an interface name (at most 15 bytes: a letter, then letters, digits, '_' or '.')`],
  ])('refuses %s', (text, message) => {
    expect(parsePort(text)).toEqual({ ok: false, message });
  });
  it('no host port twice per interface and protocol, across the project', () => {
    const r = load(y(`
      networks:
        n: { subnet: 10.0.0.0/24 }
      containers:
        a: { path: /j/a, networks: [n], ports: ["8000-8010:8000-8010", "53:53/udp", "em0:80:80"] }
        b: { path: /j/b, networks: [n], ports: ["8005:80", "53:53/tcp", "80:80", "em0:80:8080", "x"] }
    `));
    expect(brief(r)).toEqual([
      '5:43 error host port of "8005:80" already published by container "a" ("8000-8010:8000-8010")',
      '5:76 error host port of "em0:80:8080" already published by container "a" ("em0:80:80")',
      '5:91 error port "x" is not [interface:]host:container[/tcp|udp]',
    ]);
  });
});

describe('mounts', () => {
  it('parses host:jail[:ro|rw], default rw', () => {
    expect(parseMount('/data:/var/db')).toEqual({ ok: true, mount: { source: '/data', target: '/var/db', mode: 'rw' } });
    expect(parseMount('/data:/var/db:ro')).toEqual({ ok: true, mount: { source: '/data', target: '/var/db', mode: 'ro' } });
  });
  it('refuses relative paths, .., bad modes, and mounting a path twice', () => {
    const r = load(y(`
      containers:
        a:
          path: /j/a
          mounts: [data:/x, /d:/x/../y, /d:/z:rx, /only, /d1:/m, /d2:/m/]
    `));
    expect(brief(r)).toEqual([
      '4:14 error mount "data:/x": the host path "data" must be absolute (start with /)',
      '4:23 error mount "/d:/x/../y": the jail path "/x/../y" contains a ".." segment',
      '4:35 error mount "/d:/z:rx" has mode "rx": expected ro or rw',
      '4:45 error mount "/only" is not host:jail[:ro|rw]',
      '4:60 error jail path /m is mounted twice',
    ]);
  });
});

describe('jail_params', () => {
  it('host exec params need allow_host_exec; klee-set params are errors; unknown ones warn', () => {
    const r = load(y(`
      containers:
        a:
          path: /j/a
          jail_params:
            - allow.raw_sockets
            - securelevel=2
            - exec.prestart=/bin/echo hi
            - ip4.addr=10.0.0.1
            - nopersist
            - allow.nomount
            - frobnicate=1
        b:
          path: /j/b
          allow_host_exec: true
          jail_params: [exec.poststop=/bin/true, exec.start=/bin/sh /etc/rc]
    `));
    expect(brief(r)).toEqual([
      '7:9 error jail parameter exec.prestart runs a command on the host as root',
      '8:9 error jail parameter ip4.addr is set by klee from networks.<name>.ip',
      "9:9 error jail parameter nopersist is set by klee from klee's own lifecycle",
      '11:9 warning jail parameter frobnicate is not one jail(8) documents',
      // klee writes the container's environment file with exec.start (docs/decisions.md "Issue 13")
      "15:44 error jail parameter exec.start is set by klee from klee's environment file (env)",
    ]);
    expect(r.diagnostics[0].hint).toBe('if you trust this file, set allow_host_exec: true on container "a"');
  });
});

describe('jail_params values jail(8) refuses (usr.sbin/jail/config.c check_intparams)', () => {
  it("its own booleans take true, false or a number, its integers a whole number; the field is named", () => {
    const r = load(y(`
      containers:
        a:
          path: /j/a
          jail_params:
            - mount.devfs=yes
            - stop.timeout=10s
            - exec.notimeout=
            - mount.procfs=TRUE
            - exec.clean=0
            - stop.timeout=30
            - exec.fib=1
    `));
    expect(brief(r)).toEqual([
      '5:9 error jail parameter mount.devfs must be true, false or a number, not "yes"',
      '6:9 error jail parameter stop.timeout must be a whole number, not "10s"',
      '7:9 error jail parameter exec.notimeout must be a whole number, not ""',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      'jail(8) refuses it ("unknown boolean value"); mount.devfs alone is true',
      'jail(8) refuses it ("non-integer value"); seconds without a unit, e.g. stop.timeout=30',
      'jail(8) reads exec.notimeout as exec.timeout; jail(8) refuses it ("non-integer value"); seconds without a unit, e.g. exec.timeout=30',
    ]);
  });
});

describe("jail_params values libjail refuses for the kernel's parameters (lib/libjail/jail.c jailparam_import)", () => {
  it('integers, booleans (also in their "no" form) and jailsys values are checked; the field is named', () => {
    const r = load(y(`
      containers:
        a:
          path: /j/a
          jail_params:
            - securelevel=abc
            - enforce_statfs=x
            - devfs_ruleset=4x
            - allow.raw_sockets=maybe
            - sysvshm=sometimes
            - allow.nomount=perhaps
            - securelevel=3
            - children.max=
            - allow.raw_sockets=TRUE
            - allow.mount.nozfs=0
            - sysvshm=New
            - sysvmsg=
            - sysvsem=1
            - host.hostid=+12
    `));
    expect(brief(r)).toEqual([
      '5:9 error jail parameter securelevel must be a whole number, not "abc"',
      '6:9 error jail parameter enforce_statfs must be a whole number, not "x"',
      '7:9 error jail parameter devfs_ruleset must be a whole number, not "4x"',
      '8:9 error jail parameter allow.raw_sockets must be true, false or a number, not "maybe"',
      '9:9 error jail parameter sysvshm must be disable, inherit, new or a number, not "sometimes"',
      '10:9 error jail parameter allow.nomount must be true, false or a number, not "perhaps"',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      'jail(8) refuses it ("non-integer value")',
      'jail(8) refuses it ("non-integer value")',
      'jail(8) refuses it ("non-integer value")',
      'jail(8) refuses it ("unknown boolean value"); allow.raw_sockets alone is true',
      'jail(8) refuses it ("unknown jailsys value")',
      'jail(8) refuses it ("unknown boolean value"); allow.nomount alone is true',
    ]);
  });
});

describe('subnet capacity', () => {
  it('a subnet too small for its members (the gateway and fixed addresses included) is an error at its line', () => {
    const r = load(y(`
      networks:
        tiny: { type: bridge, subnet: 10.9.9.0/30 }
        lo: { subnet: 10.8.8.0/31, subnet6: "fd00:8::/127" }
        ok: { type: bridge, subnet: 10.7.7.0/29 }
      containers:
        a: { path: /j/a, networks: { tiny: { ip: 10.9.9.2 }, lo: {}, ok: {} } }
        b: { path: /j/b, networks: [tiny, lo, ok] }
        c: { path: /j/c, networks: [lo, ok] }
    `));
    expect(brief(r)).toEqual([
      '2:33 error subnet 10.9.9.0/30 has 2 usable addresses, too few for its 2 containers and the gateway',
      '3:17 error subnet 10.8.8.0/31 has 2 usable addresses, too few for its 3 containers',
      '3:39 error subnet6 fd00:8::/127 has 1 usable address, too few for its 3 containers',
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual(['use a larger subnet, for instance /29', 'use a larger subnet, for instance /29', 'use a larger subnet, for instance /126']);
  });
});

describe('control characters', () => {
  it('no newline or NUL in names, paths, env, command', () => {
    const r = load(y(`
      containers:
        a:
          path: "/j/a\\n"
          env: { A: "x\\u0000y" }
          command: ["/bin/echo", "two\\nlines"]
    `));
    expect(brief(r)).toEqual([
      '3:11 error containers.a.path contains a line break',
      '4:15 error containers.a.env.A contains a NUL character',
      '5:28 error containers.a.command.1 contains a line break',
    ]);
    expect(hints('containers:\n  a: { path: "/j/\\r" }\n')).toEqual(['klee passes values to jail(8) and ifconfig as arguments: use one line']);
  });
});
