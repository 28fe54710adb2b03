import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Everything a comment or page cites is in the repository (docs/architecture.md): each `*.md` named
 * in the code, the tests, the benchmarks and the docs is a file here, and each section it names
 * (`docs/api.md, "Errors"`, `README, "Limits"`) is one of that file's headings.
 */
const ROOT = path.resolve('.');
const SCANNED = ['server', 'portlet/src', 'portlet/test', 'test', 'bench', 'docs', 'README.md', '.ci/run', 'vitest.config.ts'];
const SKIPPED = new Set(['node_modules', 'generated', 'results', 'dist']);
// A document, then optionally its sections: `docs/api.md, "Errors"`, `docs/stack.md ("Traps", "Machines")`, `README, "Limits"`.
const CITATION = /((?:[\w./-]+\/)?[\w-]+\.md|\bREADME\b)(?:'s)?(?:,?\s*\(?((?:"[^"]+"(?:,\s*)?)+))?/g;

function files(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .filter((e) => !SKIPPED.has(e.name))
    .flatMap((e) => (e.isDirectory() || /\.(ts|js|mjs|md)$/.test(e.name) ? files(path.join(entry, e.name)) : []));
}

// Where a citation in `from` points: the docs pages (and the README's map of docs/) name docs pages by bare name,
// everything else cites by the path from the root.
function target(from: string, cited: string): string {
  if (cited === 'README' || cited === 'README.md') return 'README.md';
  const bare = !cited.includes('/') && (from.startsWith('docs/') || from === 'README.md');
  return bare ? path.join('docs', cited) : cited.replace(/^(\.\.\/)+/, '');
}

function headings(file: string): string[] {
  return readFileSync(path.join(ROOT, file), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .map((line) => line.replace(/^#+\s*/, '').toLowerCase());
}

describe('documents cited', () => {
  it('should name only documents and sections that are in the repository', () => {
    const missing: string[] = [];
    for (const file of SCANNED.flatMap(files)) {
      // A section name wrapped over two comment lines reads as one.
      const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/\s*\n\s*(?:\*|\/\/|#)?\s*/g, ' ');
      for (const match of text.matchAll(CITATION)) {
        const [, cited] = match;
        // The sections are optional in the pattern: absent, the group is undefined.
        const sections = match.at(2);
        const doc = target(file, cited);
        if (!existsSync(path.join(ROOT, doc))) {
          missing.push(`${file}: ${cited}`);
          continue;
        }
        const known = headings(doc);
        for (const [, section] of (sections ?? '').matchAll(/"([^"]+)"/g)) {
          if (!known.includes(section.toLowerCase())) missing.push(`${file}: ${cited}, "${section}"`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
