/**
 * The CLI pairs a Keras .json architecture with its weights: a sibling <name>_weights.h5 or <name>.h5,
 * or --weights <file>. Runs bin/hls-studio in a child process, as a user would.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../onnx/testing';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'bin/hls-studio');
const FX = join(REPO_ROOT, 'tests/fixtures/keras');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('hls-studio with Keras files', () => {
  it('a .json finds its sibling <name>_weights.h5', async () => {
    const r = await cli('inspect', join(FX, 'mlp.json'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('mlp (keras): 7 layers, backend Vivado, io_parallel');
    expect(r.stdout).toMatch(/\nfc1_relu\s+Activation\s+\[3\]/);
  }, 30_000);

  it('--weights names the weights file explicitly; a .json alone says what is missing', async () => {
    const r = await cli('inspect', join(FX, 'lambda.json'), '--weights', join(FX, 'mlp_weights.h5'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "error: lambda.json: node 'double_it' (Lambda): layer class Lambda is not supported. " +
        'A Lambda layer holds arbitrary Python code; replace it with built-in Keras layers and save again.',
    );
    const alone = await cli('inspect', join(FX, 'lambda.json'));
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('the Keras architecture (.json) has no weights file with it');
  }, 30_000);
});
