/**
 * The float reference: onnxruntime-web (CPU/wasm, one thread) runs the original ONNX file on the same
 * rows the emulator sees, so the studio and the CLI can show the fixed-point error against float.
 * Works the same in a Web Worker and in Node.
 */
import { StudioError } from '../errors';

type Ort = typeof import('onnxruntime-web/wasm');
let ortPromise: Promise<Ort> | null = null;

async function loadOrt(): Promise<Ort> {
  ortPromise ??= import('onnxruntime-web/wasm').then((ort) => {
    ort.env.wasm.numThreads = 1;
    return ort;
  });
  return ortPromise;
}

export interface FloatReference {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Run rows (each flattened in the model's input layout) → one Float32Array per output, row-major. */
  run(rows: readonly (readonly number[])[], inputShape: readonly number[]): Promise<Float32Array[]>;
}

export async function createFloatReference(
  onnxBytes: Uint8Array,
  file = 'model.onnx',
): Promise<FloatReference> {
  const ort = await loadOrt();
  let session: Awaited<ReturnType<Ort['InferenceSession']['create']>>;
  try {
    session = await ort.InferenceSession.create(onnxBytes);
  } catch (e) {
    throw new StudioError(
      `onnxruntime could not open the model for the float reference: ${(e as Error).message}`,
      'The fixed-point emulation still works; the float comparison is unavailable for this file.',
      { file },
    );
  }
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(rows, inputShape) {
      const size = inputShape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(rows.length * size);
      rows.forEach((r, s) => data.set(r, s * size));
      const feeds = {
        [session.inputNames[0]!]: new ort.Tensor('float32', data, [rows.length, ...inputShape]),
      };
      const out = await session.run(feeds);
      return session.outputNames.map((n) => out[n]!.data as Float32Array);
    },
  };
}
