// The CUDA backend's own machinery, on a GPU: layouts and device moves, the caching allocator (a
// steady state without cudaMalloc, the limit, emptyCache, cuBLAS's workspace), host <-> device
// copies through the pinned staging buffers, and the ordering of the one stream. Without a GPU
// every test skips, its title saying why (backends()' reason).
import { strict as assert } from 'assert';
import * as mssar from '../src/index';
import type { Layout, TypedArray } from '../src/native';
import { skipUnless } from './skip';

const { tensor, tidy, memory, functional: F } = mssar;
const cuda = mssar.backends().find((b) => b.name === 'cuda')!;
const MiB = 1 << 20;

function cudaMemory(): NonNullable<ReturnType<typeof memory>['cuda']> {
  const m = memory().cuda;
  assert.ok(m, 'memory() reports cuda once it is available');
  return m;
}

/** The first index where a and b differ (bit patterns of floats compared through Object.is), or -1. */
function firstDifference(a: TypedArray, b: TypedArray): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

function pattern(kind: 'float32' | 'float64' | 'int32', n: number, salt = 0): TypedArray {
  if (kind === 'int32') return Int32Array.from({ length: n }, (_, i) => ((i * 2654435761 + salt) | 0));
  const values = (_: unknown, i: number) => Math.sin(i * 0.37 + salt) * 1e3 + i * 1e-3;
  return kind === 'float32' ? Float32Array.from({ length: n }, values) : Float64Array.from({ length: n }, values);
}

describe('cuda backend', function () {
  before(function () {
    skipUnless(this, cuda.available, cuda.reason);
  });

  describe('layouts and device moves', () => {
    const layouts: Layout[] = ['plain', 'channels_last', 'nChw16c', 'nChw8c'];
    for (const dtype of ['float32', 'float64'] as const) {
      for (const from of layouts) {
        it(`${dtype} ${from}: toLayout on cuda to every layout, to('cuda') and back keep layout and values`, () => tidy(() => {
          mssar.manualSeed(5);
          const plain = mssar.randn([2, 19, 3, 5], { dtype });
          const want = plain.toArray();
          const host = plain.toLayout(from);
          const dev = host.to('cuda');
          assert.equal(dev.layout, from, 'to(cuda) keeps the layout');
          assert.equal(firstDifference(dev.toArray(), want), -1, 'toArray of a cuda tensor in any layout');
          assert.equal(dev.to('cpu').layout, from);
          assert.equal(firstDifference(dev.to('cpu').toArray(), want), -1);
          for (const to of layouts) {
            const moved = dev.toLayout(to);
            assert.equal(moved.layout, to);
            assert.equal(moved.device, 'cuda');
            assert.equal(firstDifference(moved.toArray(), want), -1, `${from} -> ${to} on cuda`);
            // Back on the cpu the cpu reorder reads it: the bytes cuda wrote are the layout's.
            assert.equal(firstDifference(moved.to('cpu').toLayout('plain').toArray(), want), -1, `${from} -> ${to} -> cpu`);
          }
          return null;
        }));
      }
    }

    it('conv2d and mssar on cuda take inputs in any layout (made plain on the device)', () => tidy(() => {
      mssar.manualSeed(6);
      const x = mssar.randn([2, 16, 6, 7]);
      const w = mssar.randn([8, 16, 3, 3]);
      const want = F.conv2d(x.to('cuda'), w.to('cuda'), null, { padding: 1 }).toArray();
      const got = F.conv2d(x.toLayout('nChw16c').to('cuda'), w.to('cuda'), null, { padding: 1 }).toArray();
      assert.equal(firstDifference(got, want), -1, 'conv2d');
      const mw = mssar.randn([3, 16, 3, 3], { device: 'cuda' }), mb = mssar.randn([16], { device: 'cuda' });
      const plainOut = F.mssar(x.to('cuda'), mw, mb).toArray();
      for (const layout of ['channels_last', 'nChw8c'] as const)
        assert.equal(firstDifference(F.mssar(x.toLayout(layout).to('cuda'), mw, mb).toArray(), plainOut), -1, `mssar from ${layout}`);
      return null;
    }));
  });

  describe('ops on tensors in other layouts', () => {
    it('elementwise ops run on any layout; the others give an Error naming the op and the tensor', () => tidy(() => {
      mssar.manualSeed(9);
      const x = mssar.randn([2, 19, 4, 5]);
      const blocked = x.toLayout('nChw16c').to('cuda');
      const same = (got: mssar.Tensor, want: mssar.Tensor, what: string) =>
        assert.equal(firstDifference(got.toArray(), want.toArray()), -1, what);
      same(F.relu(blocked), F.relu(x), 'relu');
      same(F.add(blocked, blocked), F.add(x, x), 'add');
      same(F.mul(blocked, blocked), F.mul(x, x), 'mul');
      same(F.dropout(blocked, { training: false }), x, 'dropout in eval mode');
      const refused: [string, () => unknown][] = [
        ['max_pool2d', () => F.maxPool2d(blocked, { kernelSize: 2 })],
        ['avg_pool2d', () => F.avgPool2d(blocked, { kernelSize: 2 })],
        ['global_avg_pool2d', () => F.globalAvgPool2d(blocked)],
        ['batch_norm2d', () => F.batchNorm2d(blocked, null, null, null, null, { training: true })],
        ['sum', () => F.sum(blocked)],
        ['concat', () => F.concat([blocked, blocked], 1)],
      ];
      for (const [op, call] of refused) {
        assert.throws(call, (e: Error) => e.message.startsWith(`${op}: `) && e.message.includes('[2,19,4,5] float32 cuda nChw16c'),
          `${op} on a blocked cuda tensor`);
      }
      return null;
    }));
  });

  describe('host <-> device copies', () => {
    // Above 64 MiB a copy runs in chunks through the two pinned buffers.
    const sizes: Record<'float32' | 'float64' | 'int32', number[]> = {
      float32: [1, 3, 1023, 1000003, 17 * MiB + 3],
      float64: [1, 5, 9 * MiB + 1],
      int32: [7, 65537, 17 * MiB + 1],
    };
    for (const dtype of ['float32', 'float64', 'int32'] as const) {
      for (const n of sizes[dtype]) {
        it(`${dtype} x ${n} round-trips exactly`, function () {
          this.timeout(60000);
          tidy(() => {
            const data = pattern(dtype, n);
            const dev = tensor(data, [n], { dtype, device: 'cuda' });
            assert.equal(firstDifference(dev.toArray(), data), -1, 'host -> cuda -> host');
            assert.equal(firstDifference(dev.clone().toArray(), data), -1, 'cuda -> cuda');
            return null;
          });
        });
      }
    }

    it('uploads queued back to back (more than the two pinned buffers) all arrive intact', () => tidy(() => {
      const n = 3 * MiB / 4 + 1;
      const sources = Array.from({ length: 9 }, (_, k) => pattern('float32', n, k));
      const devs = sources.map((s) => tensor(s, [n], { device: 'cuda' }));
      devs.forEach((d, k) => assert.equal(firstDifference(d.toArray(), sources[k]), -1, `upload ${k}`));
      return null;
    }));
  });

  describe('stream ordering', () => {
    it('results are right without synchronize() between kernels, copies and toArray', () => tidy(() => {
      mssar.manualSeed(7);
      const a = mssar.randn([32, 16, 32, 32]);
      const b = mssar.randn([1, 16, 1, 1]);
      const chain = (x: mssar.Tensor, s: mssar.Tensor) => {
        let y = x;
        for (let i = 0; i < 20; i++) y = F.relu(F.add(F.mul(y, s), x));
        return y;
      };
      const want = chain(a, b).toArray();
      // Upload, twenty launches, download: no synchronize anywhere.
      const got = chain(a.to('cuda'), b.to('cuda')).toArray();
      assert.equal(firstDifference(got, want), -1, 'add, mul and relu are exact: cuda equals the cpu bit for bit');
      return null;
    }));

    it('a tensor disposed while kernels still read it does not corrupt them (blocks reused on the one stream)', () => tidy(() => {
      const n = 4 * MiB;
      const data = pattern('float32', n) as Float32Array;
      const want = Float32Array.from(data, (v) => Math.max(0, v));
      const outs: mssar.Tensor[] = [];
      for (let k = 0; k < 4; k++) {
        const x = tensor(data, [n], { device: 'cuda' });
        outs.push(F.relu(x));
        x.dispose(); // its block goes back to the cache at once; the next upload may take it
      }
      for (const o of outs) assert.equal(firstDifference(o.toArray(), want), -1);
      return null;
    }));

    it('synchronize() waits for the device and returns', () => {
      tidy(() => F.relu(mssar.randn([1 << 20], { device: 'cuda' })));
      assert.equal(mssar.synchronize('cuda'), undefined);
      assert.equal(mssar.synchronize(), undefined);
    });
  });

  describe('caching allocator', () => {
    afterEach(() => mssar.setMemoryLimit('cuda', 0));

    it('a training loop reaches a steady state with no cudaMalloc (memory().cuda.allocations stays constant)', function () {
      this.timeout(120000);
      mssar.manualSeed(8);
      const model = mssar.models.create('resnet20', { numClasses: 10, recalibration: 'mssar' }).to('cuda');
      const opt = new mssar.optim.SGD(model.namedParameters(), { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 });
      const x = mssar.randn([16, 3, 32, 32], { device: 'cuda' });
      const labels = Int32Array.from({ length: 16 }, (_, i) => i % 10);
      const step = () => tidy(() => {
        const loss = F.crossEntropy(model.forward(x), labels);
        loss.backward();
        opt.step();
        opt.zeroGrad();
        return null;
      });
      try {
        for (let i = 0; i < 3; i++) step();
        const warm = cudaMemory();
        for (let i = 0; i < 5; i++) step();
        const after = cudaMemory();
        assert.equal(after.allocations, warm.allocations, 'no cudaMalloc after the warm-up');
        assert.equal(after.tensors, warm.tensors, 'no tensor leaks from a step');
        assert.equal(after.bytes, warm.bytes);
      } finally {
        opt.dispose();
        x.dispose();
        model.dispose();
      }
    });

    it('cuBLAS works in a workspace from our allocator (allocated bytes beyond the tensors)', () => {
      tidy(() => F.linear(mssar.randn([4, 8], { device: 'cuda' }), mssar.randn([3, 8], { device: 'cuda' }), null));
      const m = cudaMemory();
      // Rounding only adds to allocatedBytes, so whatever lies beyond the tensors' bytes includes the workspace.
      assert.ok(m.allocatedBytes - m.bytes >= 4 * MiB,
        `allocated ${m.allocatedBytes} bytes, tensors hold ${m.bytes}: the workspace (>= 4 MiB) is missing`);
    });

    it('setMemoryLimit makes a too-large allocation fail with an Error naming the op and the sizes; the process goes on', () => {
      mssar.emptyCache('cuda');
      const base = cudaMemory();
      assert.equal(base.cachedBytes, 0);
      mssar.setMemoryLimit('cuda', base.allocatedBytes + 48 * MiB);
      assert.equal(cudaMemory().limitBytes, base.allocatedBytes + 48 * MiB);
      tidy(() => {
        assert.throws(() => mssar.zeros([64, 1024, 1024], { device: 'cuda' }),
          (e: Error) => /^full: /.test(e.message) && /268435456 bytes requested/.test(e.message) &&
            /\[64,1024,1024\]/.test(e.message) && /limit/.test(e.message));
        const x = mssar.zeros([8, 1024, 1024], { device: 'cuda' }); // 32 MiB: fits
        assert.throws(() => F.relu(x), (e: Error) => /^relu: cuda out of memory: 33554432 bytes requested/.test(e.message) &&
          /limit \d+ bytes/.test(e.message));
        return null;
      });
      mssar.setMemoryLimit('cuda', 0);
      const y = tidy(() => F.relu(mssar.ones([8, 1024, 1024], { device: 'cuda' })));
      assert.equal(y.toArray()[12345], 1, 'cuda still works after the failures');
      y.dispose();
    });

    it('emptyCache returns every cached byte (cachedBytes -> 0) and keeps live tensors', () => {
      const live = mssar.ones([1000], { device: 'cuda' });
      tidy(() => {
        for (let i = 0; i < 4; i++) mssar.zeros([3 * MiB], { device: 'cuda' });
        return null;
      });
      const before = cudaMemory();
      assert.ok(before.cachedBytes >= 12 * MiB, `cached ${before.cachedBytes} bytes after disposing 48 MiB of tensors`);
      mssar.emptyCache('cuda');
      const after = cudaMemory();
      assert.equal(after.cachedBytes, 0);
      assert.equal(after.allocatedBytes, before.allocatedBytes, 'live blocks stay');
      assert.equal(live.toArray()[999], 1);
      live.dispose();
    });
  });
});
