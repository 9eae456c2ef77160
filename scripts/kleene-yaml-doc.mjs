// docs/kleene-yaml.md, generated from schemas/kleene.schema.json (descriptions, types, defaults, examples): `npm run
// docs` writes it, and test/docs/kleene-yaml.test.ts fails when the committed file and the schema drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The schema node behind a $ref ("#/$defs/x"). */
function deref(schema, node) {
  return node?.$ref ? node.$ref.slice(2).split('/').reduce((n, k) => n[k], schema) : node;
}

/** A value as inline YAML (flow style), for the default and example columns. */
function yamlInline(v) {
  return stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}

/** A value as a code span in a table cell (a pipe would end the cell). */
function code(v) {
  return `\`${yamlInline(v).replace(/\|/g, '\\|')}\``;
}

/** A table cell of text: pipes escaped, and angle brackets (<project> would be read as an HTML tag). */
function cell(s) {
  return String(s).replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Words for a property's type: its enum values, its types, a list's item type, a $ref's own type. */
function typeWords(schema, prop) {
  const node = deref(schema, prop);
  if (node.enum) return node.enum.map((v) => `\`${v}\``).join(' | ');
  if (prop.$ref?.endsWith('/ifname')) return `interface name (at most ${node.maxLength} bytes)`;
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((t) => t && t !== 'null');
  const words = types.map((t) => (t === 'array' ? `list of ${deref(schema, node.items)?.type ?? 'values'}s` : t === 'object' ? 'map' : t));
  return words.join(' or ');
}

/** One table of the reference: a row per key of an object schema. */
function table(schema, props) {
  const rows = Object.entries(props).map(([key, prop]) => {
    const node = deref(schema, prop);
    const description = prop.description ?? node.description ?? '';
    const def = prop.default ?? node.default;
    const example = (prop.examples ?? node.examples)?.[0];
    return `| \`${key}\` | ${cell(typeWords(schema, prop))} | ${def === undefined ? '' : code(def)} | ${example === undefined ? '' : code(example)} | ${cell(description)} |`;
  });
  return ['| key | type | default | example | meaning (FreeBSD) |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** The reference's sections: a heading and the object schema's keys it lists (the drift test checks every one). */
export function sections(schema) {
  const d = schema.$defs;
  return [
    ['Top level', schema.properties],
    ['`networks.<name>`', d.network.properties],
    ['`containers.<name>`', d.container.properties],
    ['`containers.<name>.networks.<network>` (the map form)', d.endpoint.properties],
    ['`containers.<name>.healthcheck`', d.healthcheck.properties],
  ];
}

/** The whole reference as Markdown. */
export function renderReference(schema) {
  return [
    '# kleene.yaml reference',
    '',
    '<!-- Generated from schemas/kleene.schema.json by `npm run docs` (scripts/kleene-yaml-doc.mjs). Do not edit: change the schema\'s descriptions. -->',
    '',
    `${schema.description} Editors that read JSON Schema (yaml-language-server) check the file as you type with a first line \`# yaml-language-server: $schema=schemas/kleene.schema.json\`. Unknown keys are errors. Values may use \`\${VAR}\`, \`\${VAR:-default}\` and \`\${VAR:?message}\` (compose's rules) from the environment and \`.env\`.`,
    '',
    ...sections(schema).flatMap(([heading, props]) => [`## ${heading}`, '', table(schema, props), '']),
  ].join('\n');
}

/** The reference for the repository's schema. */
export function currentReference() {
  return renderReference(JSON.parse(readFileSync(join(root, 'schemas/kleene.schema.json'), 'utf8')));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(root, 'docs/kleene-yaml.md'), currentReference());
  console.log('wrote docs/kleene-yaml.md');
}
