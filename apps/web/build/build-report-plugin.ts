import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin, Rolldown } from 'vite';
import { buildInputsHash, repositoryRoot } from './build-inputs.ts';
import { BUILD_REPORT_FILE, type BuildReport } from './build-report.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The files a page loads at start: the entry scripts, what they import statically, and their styles. */
function filesAtStart(bundle: Rolldown.OutputBundle): Set<string> {
  const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
  const pending = chunks.filter((chunk) => chunk.isEntry).map((chunk) => chunk.fileName);
  const files = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const chunk = bundle[file];
    if (files.has(file) || chunk?.type !== 'chunk') continue;
    files.add(file);
    pending.push(...chunk.imports);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
  }
  return files;
}

/**
 * Records what the production bundle is made of (a test checks it holds no server code, and what
 * loads only when needed) and prints the gzip size of what a browser downloads.
 */
export function buildReportPlugin(): Plugin {
  const modulesOf = new Map<string, string[]>();
  let atStart = new Set<string>();
  const files: BuildReport['files'] = [];
  return {
    name: 'taskchat-build-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') {
          modulesOf.set(
            output.fileName,
            output.moduleIds.map((id) => relative(repositoryRoot, id.replace(/^\0/, ''))),
          );
        }
      }
      atStart = filesAtStart(bundle);
    },
    // Sizes are measured on the files as written (later plugins may still change what generateBundle sees).
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle).filter((name) => /\.(js|css)$/.test(name))) {
        const content = readFileSync(join(dir, fileName));
        files.push({
          file: fileName,
          bytes: content.length,
          gzipBytes: gzipSync(content, { level: 9 }).length,
          atStart: atStart.has(fileName),
          modules: modulesOf.get(fileName) ?? [],
        });
      }
      const total = (some: BuildReport['files']) => some.reduce((sum, file) => sum + file.gzipBytes, 0);
      const start = files.filter((file) => file.atStart);
      const later = files.filter((file) => !file.atStart);
      const report: BuildReport = {
        inputsHash: buildInputsHash(),
        modules: [...new Set(files.flatMap((file) => file.modules))].sort(),
        files,
        gzipBytes: total(files),
        startGzipBytes: total(start),
      };
      writeFileSync(join(dir, BUILD_REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
      const sizes = (some: BuildReport['files']) =>
        some.map((file) => `${file.file} ${kib(file.gzipBytes)}`).join(', ');
      console.log(`@taskchat/web gzip size at start: ${kib(report.startGzipBytes)} (${sizes(start)})`);
      if (later.length > 0) console.log(`  loaded when needed: ${kib(total(later))} (${sizes(later)})`);
    },
  };
}
