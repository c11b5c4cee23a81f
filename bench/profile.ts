/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and sums self time by where the code lives: an npm
 * package, an errgen source file, Node.js internals, or the garbage collector.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one area or function, in ms. */
export interface ProfileLine {
  name: string;
  ms: number;
}

/** Self time summed per area and per function, each sorted slowest first. */
export interface ProfileSummary {
  totalMs: number;
  areas: ProfileLine[];
  functions: ProfileLine[];
}

/**
 * The area a script URL belongs to: an npm package with its first folder (`yaml parse`,
 * `prettier plugins`), an errgen source file, `node:internal`, or a V8 pseudo-frame.
 */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const packageMatch = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:dist\/|lib\/)?([^/]+)/.exec(url);
  if (packageMatch) {
    return `${packageMatch[1]} ${packageMatch[2]}`;
  }
  if (url.startsWith('node:')) {
    return 'node:internal';
  }
  const source = /\/(generators|bin)\/(.*)$/.exec(url);
  return source ? `errgen ${source[1]}/${source[2]}` : url;
}

/** Sums the self time of every sample in the profile at `path`. */
export function summarizeProfile(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)!.callFrame;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const area = areaOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'} (${area}:${frame.lineNumber + 1})`;
    add(areas, area, ms);
    add(functions, fn, ms);
    totalMs += ms;
  });
  return { totalMs, areas: sorted(areas), functions: sorted(functions) };
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function sorted(map: Map<string, number>): ProfileLine[] {
  return [...map].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}
