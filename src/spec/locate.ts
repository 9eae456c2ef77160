// Maps a document path to the line and column of its node in the YAML source (through aliases).
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Locator, Path, Pos } from './diagnostic.js';

/** A locator over a parsed document; a path that does not exist resolves to its nearest existing ancestor. */
export function makeLocator(doc: Document | undefined, lineCounter: LineCounter): Locator {
  const posOf = (offset: number | undefined): Pos => {
    if (offset === undefined) return { line: 1, column: 1 };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return (path: Path, at: 'key' | 'value' = 'value'): Pos => {
    if (!doc || !doc.contents) return { line: 1, column: 1 };
    let node: unknown = doc.contents;
    let best: number | undefined = (doc.contents as Node).range?.[0];
    for (let i = 0; i < path.length; i++) {
      let guard = 0;
      while (isAlias(node) && guard++ < 100) node = node.resolve(doc);
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) return posOf(best);
        const keyStart = (pair.key as Node | null)?.range?.[0];
        const value = pair.value as Node | null;
        if (last && at === 'key') return posOf(keyStart ?? best);
        best = value?.range?.[0] ?? keyStart ?? best;
        if (!value) return posOf(keyStart ?? best);
        node = value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item || typeof seg !== 'number') return posOf(best);
        best = item.range?.[0] ?? best;
        node = item;
      } else {
        return posOf(best);
      }
    }
    return posOf(best);
  };
}
