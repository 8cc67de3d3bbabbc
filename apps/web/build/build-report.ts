import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `vite build` leaves in `dist/build-report.json` beside the app. */
export interface BuildReport {
  /** The hash of the inputs it was built from (`buildInputsHash`). */
  inputsHash: string;
  /** Every module in the bundle, relative to the repository (`node_modules/.pnpm/…` for packages). */
  modules: string[];
  /** Each emitted JavaScript and CSS file, with its size and its gzip size in bytes. */
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

export const BUILD_REPORT_FILE = 'build-report.json';

export function readBuildReport(dist: string): BuildReport | null {
  try {
    return JSON.parse(readFileSync(join(dist, BUILD_REPORT_FILE), 'utf8')) as BuildReport;
  } catch {
    return null;
  }
}
