import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from './context.js';
import type { ProfileSummary } from './profile.js';

/** One line of the results file (docs/architecture.md, "Benchmark results"). */
export interface BenchResult {
  id: string;
  name: string;
  /** null when not measured (R4 until live updates exist). */
  ours: number | null;
  /** null when the row has no floor (R3, QUEUE: absolute targets) or it could not be measured (pgbench missing). */
  floor: number | null;
  unit: 'req/s' | 'ms' | 'tps';
  ratio: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  target: string;
  /** null when no target is set for this measurement (informational). */
  pass: boolean | null;
  /** What the floor is, and anything else worth keeping next to the numbers. */
  notes?: Record<string, unknown>;
}

/** The whole results file. */
export interface BenchReport {
  machine: { cpus: number; memory: string; node: string; postgres: string };
  scale: { tickets: number };
  /** The data set: its database, seed, how long it took to generate, and its size on disk. */
  data: { database: string; seed: number; generated_seconds: number; reused: boolean; sizes: Record<string, string> };
  /** How the run was made; a high load average means other work shared the machine (noisy numbers). */
  settings: Settings & { server: 'dist' | 'src'; load_average_1m: number };
  results: BenchResult[];
  /** Where the server's CPU went during the run (with --profile). */
  profile?: ProfileSummary;
}

/** Where results go: bench/results (its *.json are git-ignored, only .gitkeep is committed). */
export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** Rounds to 2 decimals, so files stay readable. */
export const round = (n: number): number => Math.round(n * 100) / 100;

/** This machine, as the results file describes it. */
export function machine(postgres: string): BenchReport['machine'] {
  return { cpus: os.cpus().length, memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`, node: process.version, postgres };
}

/** Writes latest.json and a dated copy; returns their paths. */
export async function writeReport(report: BenchReport, now = new Date()): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const files = [path.join(RESULTS_DIR, 'latest.json'), path.join(RESULTS_DIR, `${now.toISOString().replace(/:/g, '-')}.json`)];
  for (const file of files) await writeFile(file, text);
  return files;
}

/** A short table of the results, for the terminal. */
export function formatTable(report: BenchReport): string {
  const rows = [['id', 'name', 'ours', 'floor', 'unit', 'ratio', 'p50 ms', 'p99 ms', 'target', 'pass']];
  for (const r of report.results) {
    if (r.ours === null) {
      rows.push([r.id, r.name, typeof r.notes?.status === 'string' ? r.notes.status : 'not measured', '', '', '', '', '', r.target, '-']);
      continue;
    }
    rows.push([
      r.id,
      r.name,
      String(r.ours),
      String(r.floor),
      r.unit,
      String(r.ratio),
      String(r.p50_ms),
      String(r.p99_ms),
      r.target,
      r.pass === null ? '-' : r.pass ? 'yes' : 'NO',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
}
