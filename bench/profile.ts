import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** A V8 CPU profile as `node --cpu-prof` writes it (the parts read here). */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where the server's CPU time went: self time by package (or our folder) and by function, in percent. */
export interface ProfileSummary {
  file: string;
  total_ms: number;
  by_package: [string, number][];
  by_function: [string, number][];
}

/**
 * Summarises the newest .cpuprofile of a main thread in `dir`. Node names them
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; the sources (BENCH_SERVER=src) also profile the
 * loader's worker thread, which is not the server.
 */
export async function summariseProfile(dir: string, top = 15): Promise<ProfileSummary | undefined> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort();
  const file = files.filter((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f)).at(-1) ?? files.at(-1);
  if (!file) return undefined;
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = byNode.get(node.id) ?? 0;
    if (us === 0) continue;
    total += us;
    const { url, functionName, lineNumber } = node.callFrame;
    const where = owner(url, functionName);
    packages.set(where, (packages.get(where) ?? 0) + us);
    const name = `${functionName || '(anonymous)'} ${url ? `${path.basename(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(`${where}: ${name}`, (functions.get(`${where}: ${name}`) ?? 0) + us);
  }
  const share = (m: Map<string, number>): [string, number][] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round((v / total) * 1000) / 10]);
  return { file: path.join(dir, file), total_ms: Math.round(total / 1000), by_package: share(packages), by_function: share(functions) };
}

/** The npm package (scope included), our own folder (server/…), node internals, or V8's own entries (GC, idle, program). */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const ours = /\/(server|bench)\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url.replace(/^file:\/\//, '');
}
