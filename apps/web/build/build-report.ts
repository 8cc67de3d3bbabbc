import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `vite build` leaves in `dist/build-report.json` beside the app. */
export interface BuildReport {
  /** The hash of the inputs it was built from (`buildInputsHash`). */
  inputsHash: string;
  /** Every module in the bundle, relative to the repository (`node_modules/.pnpm/…` for packages). */
  modules: string[];
  /**
   * Each emitted JavaScript and CSS file, with its size and its gzip size in bytes, whether the page
   * loads it at start (else a dynamic `import()` brings it when needed) and its modules (a script's).
   */
  files: { file: string; bytes: number; gzipBytes: number; atStart: boolean; modules: string[] }[];
  /** Of every file. */
  gzipBytes: number;
  /** Of the files loaded at start: what opening the app downloads. */
  startGzipBytes: number;
}

export const BUILD_REPORT_FILE = 'build-report.json';

export function readBuildReport(dist: string): BuildReport | null {
  try {
    return JSON.parse(readFileSync(join(dist, BUILD_REPORT_FILE), 'utf8')) as BuildReport;
  } catch {
    return null;
  }
}
