import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Imports point down only (docs/architecture.md, "Layers"). A room is a folder of server/ (or a file at
 * its top); it may import from itself and from rooms of a lower rank, never from its own rank or above.
 */
const RANKS: Record<string, number> = {
  'config.ts': 0,
  'errors.ts': 0,
  'shared/': 1,
  'model/': 2,
  'db/': 3,
  'hooks/': 3,
  'limits/': 3,
  'auth/': 4,
  'policies/': 5,
  'user/': 6,
  'catalogue/': 6,
  'labels/': 6,
  'files/': 7,
  'ticket/': 8,
  'lifecycle/': 9,
  'live/': 10,
  'http/': 11,
  'seed/': 11,
  'schema.ts': 12,
  'schema-cli.ts': 13,
  'main.ts': 13,
};
const server = path.resolve('server');

/** The room of a path under server/: its first folder, or the file itself at the top. */
function roomOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash + 1);
}

function rankOf(room: string): number {
  if (!Object.hasOwn(RANKS, room)) throw new Error(`server/${room} belongs to no layer: add it to RANKS`);
  return RANKS[room];
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every relative import between two rooms, as `from` room, `to` room and the files involved. */
function crossings(): { from: string; to: string; line: string }[] {
  const found: { from: string; to: string; line: string }[] = [];
  for (const full of sources(server)) {
    const file = path.relative(server, full);
    for (const [, spec] of readFileSync(full, 'utf8').matchAll(/^(?:import|export)(?:[^'"]*from)?\s*'(\.[^']+)'/gm)) {
      const target = path.relative(server, path.resolve(path.dirname(full), spec)).replace(/\.js$/, '.ts');
      const [from, to] = [roomOf(file), roomOf(target)];
      if (from !== to) found.push({ from, to, line: `${file} → ${target}` });
    }
  }
  return found;
}

describe('layering of server/', () => {
  it('should give every room of server/ a rank, and rank no room that does not exist', () => {
    const rooms = readdirSync(server, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')))
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
    expect(rooms.sort()).toEqual(Object.keys(RANKS).sort());
  });

  it('should have every import point down to a lower rank (or stay within its own room)', () => {
    const upward = crossings()
      .filter(({ from, to }) => rankOf(to) >= rankOf(from))
      .map(({ line }) => line);
    expect(upward).toEqual([]);
  });

  it('should have no two rooms that import each other', () => {
    const arrows = new Set(crossings().map(({ from, to }) => `${from} → ${to}`));
    const twoWay = [...arrows].filter((arrow) => {
      const [from, to] = arrow.split(' → ');
      return from < to && arrows.has(`${to} → ${from}`);
    });
    expect(twoWay).toEqual([]);
  });
});
