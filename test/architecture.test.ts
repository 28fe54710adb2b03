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
  'jobs/': 3,
  'limits/': 3,
  'metrics/': 3,
  'directory/': 3,
  'auth/': 4,
  'policies/': 5,
  'user/': 6,
  'catalogue/': 6,
  'labels/': 6,
  'files/': 7,
  'ticket/': 8,
  'lifecycle/': 9,
  'desk/': 9,
  'live/': 10,
  'privacy/': 10,
  'mail/': 10,
  'sign-in/': 10,
  'http/': 11,
  'seed/': 11,
  'inbox/': 11,
  'backup/': 11,
  'schema.ts': 12,
  'schema-cli.ts': 13,
  'main.ts': 13,
  'healthcheck.ts': 13,
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

/** Every relative import of server/'s source files: the importing file and the imported one, both under server/. */
function imports(): { file: string; target: string }[] {
  return sources(server).flatMap((full) =>
    [...readFileSync(full, 'utf8').matchAll(/^(?:import|export)(?:[^'"]*from)?\s*'(\.[^']+)'/gm)].map(([, spec]) => ({
      file: path.relative(server, full),
      target: path.relative(server, path.resolve(path.dirname(full), spec)).replace(/\.js$/, '.ts'),
    })),
  );
}

/** Every import between two rooms, as `from` room, `to` room and the files involved. */
function crossings(): { from: string; to: string; line: string }[] {
  return imports()
    .map(({ file, target }) => ({ from: roomOf(file), to: roomOf(target), line: `${file} → ${target}` }))
    .filter(({ from, to }) => from !== to);
}

/** GraphQL input classes and scalars: the API's shapes, read by resolvers only. */
const GRAPHQL_INPUTS = /\.(inputs|args)\.ts$|\/upload-scalar\.ts$/;
/** The GraphQL layer: resolvers, the input classes themselves, and the schema that gathers them. */
const GRAPHQL_LAYER = /\.(resolver|inputs|args)\.ts$|^schema\.ts$/;
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

  it('should keep GraphQL input classes and scalars to the resolvers: domain functions take plain types', () => {
    const takers = imports()
      .filter(({ file, target }) => GRAPHQL_INPUTS.test(target) && !GRAPHQL_LAYER.test(file))
      .map(({ file }) => file);
    expect([...new Set(takers)].sort()).toEqual([]);
  });
});

/**
 * One naming scheme (docs/architecture.md, "File names"): `kebab-subject[.role].ts`, the role from a
 * closed list, `.test` before the extension; tools name their own files (migrations, `.d.ts`, `.config.ts`).
 */
const FILE_NAME =
  /^[a-z0-9]+(-[a-z0-9]+)*(\.(entity|enums|resolver|service|policy|inputs|args|types|loaders|rows|actions|styles))?(\.test)?\.(ts|mjs)$/;
const TOOL_NAMED = /^Migration\d{14}[A-Za-z]+\.ts$|\.d\.ts$|\.config\.ts$/;
const SKIPPED = new Set(['node_modules', 'generated', 'dist']);

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(full);
    return /\.(ts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('file names', () => {
  it('should name every source file kebab-subject[.role].ts, the role from the closed list', () => {
    const odd = ['server', 'test', 'bench', 'portlet']
      .flatMap((dir) => codeFiles(path.resolve(dir)))
      .filter((full) => !FILE_NAME.test(path.basename(full)) && !TOOL_NAMED.test(path.basename(full)))
      .map((full) => path.relative(process.cwd(), full));
    expect(odd).toEqual([]);
  });
});
