import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports point down only (docs/architecture.md, "Layers"). A room may import from lower ranks and
 * from itself; the model (entities, enums, the transition table) and the foundations are everyone's.
 * The longest matching prefix of a file's path under server/ decides its rank.
 */
const RANKS: [prefix: string, rank: number][] = [
  ['shared/', 0],
  ['errors.ts', 0],
  ['config.ts', 0],
  ['model/', 1],
  ['db/', 2],
  ['events/', 2],
  ['limits/', 2],
  ['auth/', 3],
  ['policies/', 4],
  ['user/', 5],
  ['catalogue/', 5],
  ['labels/', 5],
  ['ticket/', 6],
  ['attachment/', 6],
  ['lifecycle/', 7],
  ['files/', 8],
  ['live/', 8],
  ['mail/', 8],
  ['http/', 9],
  ['db/seed', 9],
  ['schema', 10],
  ['main.ts', 11],
];
const MODEL = /\.(entity|enums)\.ts$|^ticket\/ticket-status\.ts$/;
const server = path.resolve('server');

function rankOf(file: string): { rank: number; room: string } {
  if (MODEL.test(file)) return { rank: 1, room: 'model' };
  const match = RANKS.filter(([prefix]) => file.startsWith(prefix))
    .sort((a, b) => b[0].length - a[0].length)
    .at(0);
  if (!match) throw new Error(`server/${file} belongs to no layer: add its room to RANKS`);
  return { rank: match[1], room: match[0].split('/')[0] };
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('layering of server/', () => {
  it('should have every import point down (or within its own room)', () => {
    const upward: string[] = [];
    for (const full of sources(server)) {
      const file = path.relative(server, full);
      const from = rankOf(file);
      for (const [, spec] of readFileSync(full, 'utf8').matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
        const target = path.relative(server, path.resolve(path.dirname(full), spec)).replace(/\.js$/, '.ts');
        const to = rankOf(target);
        if (from.room !== to.room && to.rank >= from.rank && to.rank > 1) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
