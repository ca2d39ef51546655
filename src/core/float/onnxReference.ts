/**
 * The float reference: onnxruntime-web (CPU wasm, one thread) runs the ORIGINAL ONNX bytes on the same
 * rows the fixed-point emulator sees. Used by the studio's worker and by the CLI's --float.
 */
import * as ort from 'onnxruntime-web/wasm';
import { StudioError } from '../errors';

ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.logLevel = 'error';

export class FloatReference {
  private session: Promise<ort.InferenceSession> | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string,
  ) {}

  private open(): Promise<ort.InferenceSession> {
    // Errors only: its warnings (old opsets, initializers listed as inputs) are not the user's concern.
    const options = { executionProviders: ['wasm'], logSeverityLevel: 3 as const };
    this.session ??= ort.InferenceSession.create(this.bytes, options).catch((e: unknown) => {
      this.session = null;
      throw new StudioError(
        `the float reference runtime could not open the model (${e instanceof Error ? e.message : String(e)})`,
        'The fixed-point emulation still works; the error plot needs the float reference.',
        { file: this.fileName },
      );
    });
    return this.session;
  }

  /** Start compiling the runtime and opening the model; errors surface on the first run. */
  warm(): void {
    this.open().catch(() => undefined);
  }

  /**
   * Float outputs for `rows` (each row = all inputs flattened, in the model file's layout), one
   * Float64Array per model output, row-major [rows × size]. `keepGoing` is asked between batches.
   */
  async run(
    rows: readonly (readonly number[])[],
    keepGoing: (done: number, total: number) => Promise<boolean>,
  ): Promise<Float64Array[] | null> {
    const session = await this.open();
    const inputs = session.inputMetadata.map((m) => {
      const dims = m.isTensor ? m.shape.slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : 1)) : [];
      const fixedBatch = m.isTensor && typeof m.shape[0] === 'number' && m.shape[0] > 0 ? m.shape[0] : null;
      return { name: m.name, dims, size: dims.reduce((a, b) => a * b, 1), fixedBatch };
    });
    const rowSize = inputs.reduce((a, i) => a + i.size, 0);
    const width = rows[0]?.length ?? 0;
    if (width !== rowSize) {
      throw new StudioError(
        `the ONNX inputs take ${rowSize} values per row, the rows have ${width}`,
        'Check that the input rows match the model input.',
        { file: this.fileName },
      );
    }
    const batch = inputs.every((i) => i.fixedBatch === null) ? 250 : 1;
    const chunks: Float32Array[][] = session.outputNames.map(() => []);
    for (let start = 0; start < rows.length; start += batch) {
      const n = Math.min(batch, rows.length - start);
      const feeds: Record<string, ort.Tensor> = {};
      let offset = 0;
      for (const input of inputs) {
        const data = new Float32Array(n * input.size);
        for (let r = 0; r < n; r++) {
          const row = rows[start + r]!;
          for (let k = 0; k < input.size; k++) data[r * input.size + k] = row[offset + k]!;
        }
        feeds[input.name] = new ort.Tensor('float32', data, [n, ...input.dims]);
        offset += input.size;
      }
      const out = await session.run(feeds);
      session.outputNames.forEach((name, i) => {
        const t = out[name];
        if (!t || !(t instanceof ort.Tensor)) return;
        chunks[i]!.push(Float32Array.from(t.data as ArrayLike<number>));
      });
      if (!(await keepGoing(start + n, rows.length))) return null;
    }
    return chunks.map((parts) => {
      const total = parts.reduce((a, p) => a + p.length, 0);
      const all = new Float64Array(total);
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return all;
    });
  }

  async release(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.then((x) => x.release()).catch(() => undefined);
  }
}
