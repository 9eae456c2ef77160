import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadSpec } from '../../src/spec/load.js';

const dir = join(import.meta.dirname, '../../examples');

describe('examples/', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  it('has the six documented examples', () => {
    expect(files).toEqual(['custom.yaml', 'dualstack.yaml', 'ipnet.yaml', 'services.yaml', 'vnet.yaml', 'webapp.yaml']);
  });
  for (const f of files) {
    it(`${f} validates without diagnostics and names the schema`, () => {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/kleene.schema.json');
      const r = loadSpec({ text, file: f, env: {}, dirName: 'examples' });
      expect(r.diagnostics).toEqual([]);
      const doc = parse(text) as { name: string; containers: Record<string, unknown> };
      expect([r.spec?.project, r.spec?.containers.map((c) => c.name)]).toEqual([doc.name, Object.keys(doc.containers)]);
    });
  }
  it('ipnet.yaml is the seeds\' IPNet walk-through: loopback 10.2.3.0/24, two ipnet containers', () => {
    const r = loadSpec({ text: readFileSync(join(dir, 'ipnet.yaml'), 'utf8'), file: 'ipnet.yaml', env: {}, dirName: 'x' });
    expect(r.spec!.networks).toEqual([{ name: 'testnet', type: 'loopback', subnet: '10.2.3.0/24', gateway: 'none', gateway6: 'none', nat: true, icc: true, internal: false }]);
    expect(r.spec!.containers.map((c) => [c.name, c.driver, c.networks])).toEqual([
      ['first', 'ipnet', [{ network: 'testnet' }]],
      ['second', 'ipnet', [{ network: 'testnet' }]],
    ]);
  });
  it('vnet.yaml is the seeds\' VNET walk-through: bridge 10.4.6.0/24, ipnet .2 with raw sockets, vnet .3', () => {
    const r = loadSpec({ text: readFileSync(join(dir, 'vnet.yaml'), 'utf8'), file: 'vnet.yaml', env: {}, dirName: 'x' });
    const [net] = r.spec!.networks;
    expect([net.type, net.subnet, net.gateway]).toEqual(['bridge', '10.4.6.0/24', 'auto']);
    const [web, vpn] = r.spec!.containers;
    expect([web.driver, web.networks, web.jailParams, web.jailName]).toEqual(['ipnet', [{ network: 'testnet', ip: '10.4.6.2' }], ['allow.raw_sockets'], 'vnet-demo_webservice']);
    expect([vpn.driver, vpn.networks]).toEqual(['vnet', [{ network: 'testnet', ip: '10.4.6.3' }]]);
  });
});
