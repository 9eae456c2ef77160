// Diagnostics for CI: GitHub Actions workflow commands (`::error file=F,line=L,col=C::message`) and a GitLab Code
// Quality report (a JSON array). Pure; paths relative to the working directory, as both systems expect.
import { createHash } from 'node:crypto';
import type { Diagnostic } from '../../spec/types.js';
import { displayPath } from './diagnostics.js';

/** A workflow command's data: %, CR and LF escaped (GitHub's toolkit escapeData). */
function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also ":" and "," escaped (GitHub's toolkit escapeProperty). */
function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error ...::message` (or `::warning`) line per diagnostic; a hint follows the message. */
export function githubAnnotations(diags: Diagnostic[], cwd: string): string {
  return diags.map((d) => {
    const props = [`file=${ghProperty(displayPath(d.file, cwd))}`, ...(d.line > 0 ? [`line=${d.line}`, `col=${d.column}`] : []), `title=${ghProperty(`klee ${d.severity}${d.path ? ` in ${d.path}` : ''}`)}`];
    return `::${d.severity} ${props.join(',')}::${ghData(d.hint ? `${d.message} (${d.hint})` : d.message)}\n`;
  }).join('');
}

/** A GitLab Code Quality report: description, check_name, fingerprint, severity, location.path and location.lines.begin. */
export function gitlabCodeQuality(diags: Diagnostic[], cwd: string): string {
  const report = diags.map((d) => {
    const path = displayPath(d.file, cwd);
    return {
      description: d.hint ? `${d.message} (${d.hint})` : d.message,
      check_name: d.path ? `klee ${d.path.split('.').slice(0, 1).join('')}` : 'klee',
      fingerprint: createHash('sha256').update(`${path}:${d.line}:${d.column}:${d.message}`).digest('hex'),
      severity: d.severity === 'error' ? 'major' : 'minor',
      location: { path, lines: { begin: Math.max(1, d.line) } },
    };
  });
  return `${JSON.stringify(report, null, 2)}\n`;
}
