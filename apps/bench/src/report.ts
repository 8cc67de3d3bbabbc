import type { LoadResult } from './load.ts';
import { DEEP_PAGE, HEAVY_FIRST_PAGE } from './scenarios.ts';
import type { Scale } from './seed.ts';
import type { Target } from './servers.ts';

export interface ScaleRun {
  scale: Scale;
  seedSeconds: number;
  /** results[scenario][target] */
  results: Map<string, Record<Target, LoadResult>>;
}

const ms = (value: number) => value.toFixed(1);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
const count = (value: number) => value.toLocaleString('en-US');

function scaleTable(run: ScaleRun): string {
  const rows = [...run.results].map(([name, { taskchat, ceiling, baseline }]) =>
    [
      name,
      taskchat.requestsPerSecond.toFixed(0),
      ms(taskchat.p50),
      ms(taskchat.p99),
      taskchat.errors + ceiling.errors + baseline.errors,
      ceiling.requestsPerSecond.toFixed(0),
      ms(ceiling.p50),
      baseline.requestsPerSecond.toFixed(0),
      ms(baseline.p50),
      `**${ratio(taskchat.requestsPerSecond, ceiling.requestsPerSecond)}**`,
      ratio(taskchat.requestsPerSecond, baseline.requestsPerSecond),
      ratio(ceiling.requestsPerSecond, baseline.requestsPerSecond),
    ].join(' | '),
  );
  return [
    `### ${count(run.scale.users)} users, ${count(run.scale.conversations)} conversations, ${count(run.scale.messages)} messages (seeded in ${run.seedSeconds.toFixed(1)} s)`,
    '',
    '| scenario | Taskchat req/s | p50 ms | p99 ms | errors (all three) | ceiling req/s | p50 ms | raw req/s | p50 ms | Taskchat/ceiling | Taskchat/raw | ceiling/raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/** The results file: a table per scale, then the ratios the targets are judged on. */
export function renderReport(runs: ScaleRun[], settings: string): string {
  const [small, large] = runs as [ScaleRun, ScaleRun];
  const scaleRows = [...large.results.keys()].flatMap((name) => {
    const before = small.results.get(name);
    const after = large.results.get(name);
    if (!before || !after) return [];
    const p50Ratio = (target: Target) => ratio(after[target].p50, before[target].p50);
    return `| ${name} | ${ms(before.taskchat.p50)} | ${ms(after.taskchat.p50)} | ${p50Ratio('taskchat')} | ${p50Ratio('ceiling')} | ${p50Ratio('baseline')} |`;
  });
  const deepRows = runs.map((run) => {
    const first = run.results.get(HEAVY_FIRST_PAGE)?.taskchat;
    const deep = run.results.get(DEEP_PAGE)?.taskchat;
    return `| ${count(run.scale.messages)} | ${ms(first?.p50 ?? 0)} | ${ms(deep?.p50 ?? 0)} | ${ratio(deep?.p50 ?? 0, first?.p50 ?? 0)} |`;
  });
  return [
    `# Taskchat benchmark, ${new Date().toISOString().slice(0, 10)}`,
    '',
    settings,
    '',
    '## Throughput and latency against the ceiling (Fastify + tRPC + pg) and the raw driver (node:http + pg)',
    '',
    ...runs.flatMap((run) => [scaleTable(run), '']),
    `## Scale: p50 at ${count(large.scale.messages)} messages over p50 at ${count(small.scale.messages)}`,
    '',
    `| scenario | Taskchat p50 ms (${count(small.scale.messages)}) | Taskchat p50 ms (${count(large.scale.messages)}) | Taskchat ratio | ceiling ratio | raw ratio |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...scaleRows,
    '',
    '## Deep page: Taskchat p50 of page 50 over page 1, for the same users (1,000 conversations each)',
    '',
    '| messages | page 1 p50 ms | page 50 p50 ms | ratio |',
    '| ---: | ---: | ---: | ---: |',
    ...deepRows,
    '',
  ].join('\n');
}
