// `klee graph` (the project as a picture, from the file or the host) and `klee plan --graph` (the action graph).
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Sandbox } from '../e2e/helpers.js';

const box = new Sandbox('webapp');
afterAll(() => box.remove());

describe('klee graph', () => {
  it('from the file alone: networks with type, interface, subnet and marks; containers with driver and ports; edges', async () => {
    const r = await box.klee(['graph']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('digraph "klee project webapp" {');
    expect(lines).toContain('  "network:back" [shape=box, style="rounded,filled", fillcolor="#e8f0fe", label="network back\\nloopback auto\\n10.10.1.0/24\\ninternal"];');
    expect(lines).toContain('  "network:front" [shape=box, style="rounded,filled", fillcolor="#e8f0fe", label="network front\\nbridge auto\\n10.10.0.0/24\\nNAT via default route"];');
    expect(lines).toContain('  "container:web" [shape=box, label="container web\\nvnet\\nports 80→80/tcp 443→443/tcp"];');
    expect(lines).toContain('  "container:app" -> "network:back" [label="auto", arrowhead=none];');
    expect(lines).toContain('  "container:web" -> "container:app" [label="depends on", style=dashed];');
    expect(lines.at(-2)).toBe('}');
  });

  it('with -H: the interfaces, states and addresses the host has; mermaid for Markdown', async () => {
    expect((await box.klee(['up', '-H', box.host()])).code).toBe(0);
    const r = await box.klee(['graph', '--format', 'mermaid', '-H', box.host()]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  n1(["network back<br/>loopback kleene1<br/>10.10.1.0/24<br/>internal"])');
    expect(lines).toContain('  n3["container app<br/>ipnet, running"]');
    // app's automatic address on back, as the host shows it.
    expect(lines.some((l) => /^ {2}n3 ---\|"10\.10\.1\.\d+"\| n1$/.test(l))).toBe(true);
    expect(lines).toContain('  n4 -.->|"depends on"| n3');
  });
});

describe('klee plan --graph', () => {
  it('one node per action and an edge for each dependency (after), in dot or mermaid', async () => {
    const fresh = new Sandbox('vnet');
    try {
      const json = JSON.parse((await fresh.klee(['plan', '--json', '-H', fresh.host()])).stdout);
      const dot = (await fresh.klee(['plan', '--graph', '-H', fresh.host()])).stdout;
      for (const a of json.actions) {
        expect(dot).toContain(`  "${a.id}" [shape=box, style=rounded, label="`);
        for (const b of a.after) expect(dot).toContain(`  "${b}" -> "${a.id}" [style=dashed];`);
      }
      const edges = json.actions.reduce((n: number, a: any) => n + a.after.length, 0);
      expect(dot.split('\n').filter((l) => l.includes(' -> ')).length).toBe(edges);
      expect((await fresh.klee(['plan', '--graph', 'mermaid', '-H', fresh.host()])).stdout).toMatch(/^flowchart LR\n/);
    } finally {
      fresh.remove();
    }
  });
});

describe('docs/graph.md', () => {
  it('shows what klee graph prints for examples/webapp.yaml after up', async () => {
    const b = new Sandbox('webapp');
    try {
      // The sandbox's own host (a relative sim:host.json would land in the test process's directory, the repository),
      // shown as the doc's `sim:host.json`.
      const uri = b.host();
      expect((await b.klee(['up', '-H', uri])).code).toBe(0);
      const r = await b.klee(['graph', '--format', 'mermaid', '-H', uri]);
      const doc = readFileSync(new URL('../../docs/graph.md', import.meta.url), 'utf8');
      expect(doc).toContain(`\`\`\`mermaid\n${r.stdout.replaceAll(uri, 'sim:host.json')}\`\`\``);
    } finally {
      b.remove();
    }
  });
});
