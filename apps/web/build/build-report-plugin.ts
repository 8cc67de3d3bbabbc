import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { buildInputsHash, repositoryRoot } from './build-inputs.ts';
import { BUILD_REPORT_FILE, type BuildReport } from './build-report.ts';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/**
 * Records what the production bundle is made of (a test checks it holds no server code) and
 * prints the gzip size of what a browser downloads.
 */
export function buildReportPlugin(): Plugin {
  const modules = new Set<string>();
  const files: BuildReport['files'] = [];
  return {
    name: 'taskchat-build-report',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') {
          for (const id of output.moduleIds) modules.add(relative(repositoryRoot, id.replace(/^\0/, '')));
        }
      }
    },
    // Sizes are measured on the files as written (later plugins may still change what generateBundle sees).
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist';
      for (const fileName of Object.keys(bundle).filter((name) => /\.(js|css)$/.test(name))) {
        const content = readFileSync(join(dir, fileName));
        files.push({ file: fileName, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length });
      }
      const gzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
      const report: BuildReport = {
        inputsHash: buildInputsHash(),
        modules: [...modules].sort(),
        files,
        gzipBytes,
      };
      writeFileSync(join(dir, BUILD_REPORT_FILE), `${JSON.stringify(report, null, 2)}\n`);
      const sizes = files.map((file) => `${file.file} ${kib(file.gzipBytes)}`).join(', ');
      console.log(`@taskchat/web gzip size: ${kib(gzipBytes)} in all (${sizes})`);
    },
  };
}
