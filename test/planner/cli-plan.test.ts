// `klee plan` end to end against the simulated host (-H sim:PATH), in-process.
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { EXAMPLES_DIR } from './examples.js';

async function klee(cwd: string, ...argv: string[]) {
  let stdout = '', stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } };
  const code = await runCli(argv, io, { PATH: process.env.PATH }, cwd);
  return { code, stdout, stderr };
}

describe('klee plan against sim:', () => {
  it('prints the plan, --json per the contract, --detailed-exitcode 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klee-plan-'));
    copyFileSync(join(EXAMPLES_DIR, 'vnet.yaml'), join(dir, 'kleene.yaml'));
    const host = `sim:${join(dir, 'host.json')}`;
    const human = await klee(dir, 'plan', '-H', host, '--detailed-exitcode');
    expect(human.stderr).toBe('');
    expect(human.code).toBe(2);
    expect(human.stdout).toMatch(/^ {2}\+ network {4}testnet +type=bridge interface=kleene\d+ subnet=10\.4\.6\.0\/24 {2}# not on host$/m);
    expect(human.stdout).toContain('Plan: ');
    const json = await klee(dir, 'plan', '-H', host, '--json');
    expect(json.code).toBe(0);
    const p = JSON.parse(json.stdout);
    expect(Object.keys(p).slice(0, 4)).toEqual(['project', 'host', 'changes', 'actions']);
    expect(p.project).toBe('vnet-demo');
    const c = p.actions.find((a: { id: string }) => a.id === 'container:vpnservice');
    expect(Object.keys(c).slice(0, 7)).toEqual(['id', 'op', 'resource', 'name', 'reason', 'after', 'commands']);
    expect(c.commands[0].slice(0, 3)).toEqual(['jail', '-c', 'name=vnet-demo_vpnservice']);
    expect(p.actions.find((a: { id: string }) => a.id === 'pf').stdin).toContain('label "klee:');
  });
});
