import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  // Browsers, Node and other runtimes: the client needs only fetch.
  platform: 'neutral',
  target: 'es2022',
  tsconfig: 'tsconfig.build.json',
  dts: true,
  deps: {
    // The output may import its dependencies and nothing else: a server package fails the build.
    // @trpc/server: the declarations' router and error types (its code loads only through @trpc/client).
    onlyImport: ['@trpc/client', '@trpc/server', 'superjson', 'eventsource'],
  },
});
