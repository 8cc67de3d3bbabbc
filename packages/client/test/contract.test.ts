import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateContract } from '../build/generate-contract.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');

/** Compares the contract with the real router, type by type (exactly: optional, readonly, null all count). */
const CHECK = `import type { AppRouter as RealRouter, RouterInputs as RealInputs, RouterOutputs as RealOutputs } from '@taskchat/api';
import type { inferRouterError } from '@trpc/server';
import type { AppRouter, RouterInputs, RouterOutputs } from './api-contract.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const inputs: Equal<RouterInputs, RealInputs> = true;
export const outputs: Equal<RouterOutputs, RealOutputs> = true;
export const errors: Equal<inferRouterError<AppRouter>, inferRouterError<RealRouter>> = true;
`;

// Inside the package, so that `@taskchat/api` and `@trpc/server` resolve; removed afterwards.
const dir = mkdtempSync(join(packageDir, '.contract-check-'));
let contract = '';

beforeAll(() => {
  contract = generateContract();
  writeFileSync(join(dir, 'check.ts'), CHECK);
  const tsconfig = { extends: '../../../tsconfig.base.json', compilerOptions: { types: [] }, files: ['check.ts'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The type errors of the check against `contractText` (none: it matches the router). */
async function typeErrors(contractText: string): Promise<string[]> {
  writeFileSync(join(dir, 'api-contract.ts'), contractText);
  const output = await run(process.execPath, [tsc, '-p', dir]).then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout,
  );
  return output.split('\n').filter((line) => line.includes('error TS'));
}

describe('the generated API contract', () => {
  it('refers to no server package', () => {
    expect(contract.match(/from '[^']+'/g)).toEqual(["from '@trpc/server'"]);
    expect(contract).toContain('export type AppRouter = TRPCBuiltRouter<');
  });

  it("has exactly the router's inputs, outputs and error shape", async () => {
    expect(await typeErrors(contract)).toEqual([]);
  });

  it('is told apart from a contract that differs in one optional field', async () => {
    const changed = contract.replace(
      'create: TRPCMutationProcedure<{ input: { title: string;',
      'create: TRPCMutationProcedure<{ input: { title?: string;',
    );
    expect(changed).not.toBe(contract);
    // Only the inputs differ: one error, on the `inputs` line of the check.
    const errors = await typeErrors(changed);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/check\.ts\(6,\d+\): error TS2322/);
  });
});
