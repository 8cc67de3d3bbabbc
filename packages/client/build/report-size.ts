/**
 * Prints the size of the built client as a browser app ships it: minified and gzipped, alone and
 * with its dependencies (@trpc/client, superjson, eventsource) bundled in. The README records it.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Rolldown } from 'tsdown';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

async function minifiedGzipBytes(withDependencies: boolean): Promise<number> {
  const bundle = await Rolldown.build({
    input: entry,
    platform: 'browser',
    external: withDependencies ? [] : (id) => !id.startsWith('.') && !id.startsWith('/'),
    write: false,
    logLevel: 'silent',
    output: { format: 'esm', minify: true },
  });
  const code = bundle.output.map((file) => (file.type === 'chunk' ? file.code : '')).join('');
  return gzipSync(code, { level: 9 }).length;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
const own = await minifiedGzipBytes(false);
const total = await minifiedGzipBytes(true);
console.log(`client JavaScript, minified + gzip: ${kB(own)} (dist/index.js); ${kB(total)} with its dependencies`);
