import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The file the ENT loads with its one `<script type="module">`. */
export const ENTRY_FILE = 'helpdesk-portlet.js';
/**
 * What a student's first screen loads (the entry and every module it imports at once), in bytes of
 * gzip (zlib level 9, as bundle-size tools measure): the ENT loads it on every "Assistance" page.
 */
export const ENTRY_BUDGET = 70_000;
/** Each part loaded on demand (staff, admin, preferences), with whatever it imports that the entry did not. */
export const ON_DEMAND_BUDGET = 40_000;

/** One module as the browser loads it: its own file and the chunks it imports at once. */
export interface ModuleSize {
  /** `entry`, or the on-demand module's name (`staff`, `admin`…). */
  name: string;
  files: string[];
  bytes: number;
  budget: number;
}

// Minified ES modules: `import{a as b}from"./x.js"`, `export{…}from"./x.js"`, `import"./x.js"`, and
// import(`./x.js`) for the on-demand ones (any of the three quotes).
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g;

const gzipped = (dir: string, file: string): number => gzipSync(readFileSync(path.join(dir, file)), { level: 9 }).length;

function imports(dir: string, file: string, pattern: RegExp): string[] {
  const code = readFileSync(path.join(dir, file), 'utf8');
  return [...code.matchAll(pattern)].map((m) => m[1]);
}

/** The file and every chunk it imports statically, transitively (what the browser fetches before running it). */
function closure(dir: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const next of imports(dir, file, STATIC_IMPORT)) closure(dir, next, seen);
  return seen;
}

/**
 * The sizes the budgets hold, read from the built files themselves: the entry with its static imports,
 * then each module the bundle loads with `import()`, counting only the files the entry did not already
 * load. A module name is its chunk's file name without the `helpdesk-` prefix and content hash.
 */
export function measureModules(dir: string): ModuleSize[] {
  if (!existsSync(path.join(dir, ENTRY_FILE))) throw new Error(`${ENTRY_FILE} is missing from ${dir}`);
  const entry = closure(dir, ENTRY_FILE);
  const sizes: ModuleSize[] = [{ name: 'entry', files: [...entry], bytes: 0, budget: ENTRY_BUDGET }];
  const onDemand = new Set([...entry].flatMap((file) => imports(dir, file, DYNAMIC_IMPORT)));
  for (const file of [...onDemand].sort()) {
    const files = [...closure(dir, file)].filter((f) => !entry.has(f));
    sizes.push({ name: file.replace(/^helpdesk-/, '').replace(/-[\w-]{8}\.js$/, ''), files, bytes: 0, budget: ON_DEMAND_BUDGET });
  }
  for (const size of sizes) size.bytes = size.files.reduce((sum, f) => sum + gzipped(dir, f), 0);
  return sizes;
}

/** Every JavaScript file of the build, for removing them all when a budget is broken. */
export function builtScripts(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.js'));
}

/** "entry: 68,123 bytes gzip (budget 70,000) — helpdesk-portlet.js". */
export const sizeLine = ({ name, files, bytes, budget }: ModuleSize): string =>
  `${name}: ${bytes.toLocaleString('en')} bytes gzip (budget ${budget.toLocaleString('en')}) — ${files.join(' + ')}`;
