// The nn.Module API: names and order, state dicts, modes, gradients, moving, disposing.
import { strict as assert } from 'assert';
import { full, manualSeed, ones, tensor, zeros } from '../src/creation';
import { isAvailable } from '../src/backends';
import * as models from '../src/models';
import { BatchNorm2d, Conv2d, Linear, Module, Sequential } from '../src/nn';
import type { Tensor } from '../src/tensor';
import { cudaReason, skipUnless } from './skip';

/** A small model with a child list, a BN (buffers) and a parameter of its own. */
class Tiny extends Module {
  readonly scale: Tensor;
  readonly conv: Conv2d;
  readonly bn: BatchNorm2d;
  readonly head: Sequential;

  constructor() {
    super();
    this.scale = this.registerParameter('scale', ones([1]));
    this.conv = this.registerModule('conv', new Conv2d(3, 4, 3, { padding: 1 }));
    this.bn = this.registerModule('bn', new BatchNorm2d(4));
    this.head = this.registerModule('head', new Sequential(new Linear(4, 2), new Linear(2, 2, { bias: false })));
  }

  forward(x: Tensor): Tensor {
    return this.head.forward(this.bn.forward(this.conv.forward(x)).flatten(1));
  }

  /** For the tests of registration errors. */
  registerAgain(name: string): void {
    this.registerModule(name, new Linear(1, 1));
  }
}

const names = (pairs: [string, unknown][]): string[] => pairs.map(([n]) => n);

function arraysEqual(a: Tensor, b: Tensor): boolean {
  const x = a.toArray();
  const y = b.toArray();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

describe('nn.Module', () => {
  describe('names and order', () => {
    it('names parameters with dots, own parameters first, then children in registration order', () => {
      const m = new Tiny();
      assert.deepEqual(names(m.namedParameters()), [
        'scale', 'conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'head.0.weight', 'head.0.bias', 'head.1.weight',
      ]);
      assert.equal(m.parameters().length, 8);
      m.dispose();
    });

    it('names buffers as PyTorch does', () => {
      const m = new Tiny();
      assert.deepEqual(names(m.namedBuffers()), ['bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
      m.dispose();
    });

    it('orders the state dict as PyTorch: each module its parameters, its buffers, then its children', () => {
      const m = new Tiny();
      assert.deepEqual([...m.stateDict().keys()], [
        'scale', 'conv.weight', 'conv.bias', 'bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var',
        'bn.num_batches_tracked', 'head.0.weight', 'head.0.bias', 'head.1.weight',
      ]);
      m.dispose();
    });

    it('lists modules depth first and children by name', () => {
      const m = new Tiny();
      assert.deepEqual(names(m.namedModules()), ['', 'conv', 'bn', 'head', 'head.0', 'head.1']);
      assert.deepEqual(names(m.namedChildren()), ['conv', 'bn', 'head']);
      assert.equal(m.children()[1], m.bn);
      m.dispose();
    });

    it('matches torchvision resnet18 state-dict keys', () => {
      const m = models.create('resnet18');
      const keys = [...m.stateDict().keys()];
      // torchvision's resnet18().state_dict(): 62 parameters, 3 buffers for each of 20 BNs.
      assert.equal(keys.length, 122);
      assert.deepEqual(keys.slice(0, 12), [
        'conv1.weight', 'bn1.weight', 'bn1.bias', 'bn1.running_mean', 'bn1.running_var', 'bn1.num_batches_tracked',
        'layer1.0.conv1.weight', 'layer1.0.bn1.weight', 'layer1.0.bn1.bias', 'layer1.0.bn1.running_mean',
        'layer1.0.bn1.running_var', 'layer1.0.bn1.num_batches_tracked',
      ]);
      for (const k of ['layer1.1.conv2.weight', 'layer2.0.downsample.0.weight', 'layer2.0.downsample.1.running_var',
        'layer3.1.bn2.bias', 'layer4.0.downsample.1.weight', 'layer4.1.conv2.weight']) {
        assert.ok(keys.includes(k), `missing ${k}`);
      }
      assert.ok(!keys.includes('layer1.0.downsample.0.weight'), 'layer1.0 has no downsample in torchvision');
      assert.deepEqual(keys.slice(-2), ['fc.weight', 'fc.bias']);
      assert.deepEqual(m.stateDict().get('layer2.0.downsample.0.weight')!.shape, [128, 64, 1, 1]);
      m.dispose();
    });

    it('matches torchvision densenet121 state-dict keys', () => {
      const m = models.create('densenet121');
      const keys = [...m.stateDict().keys()];
      assert.deepEqual(keys.slice(0, 7), [
        'features.conv0.weight', 'features.norm0.weight', 'features.norm0.bias', 'features.norm0.running_mean',
        'features.norm0.running_var', 'features.norm0.num_batches_tracked', 'features.denseblock1.denselayer1.norm1.weight',
      ]);
      for (const k of ['features.denseblock1.denselayer1.conv1.weight', 'features.denseblock1.denselayer6.conv2.weight',
        'features.transition1.norm.running_mean', 'features.transition3.conv.weight', 'features.denseblock4.denselayer16.norm2.bias',
        'features.norm5.weight']) {
        assert.ok(keys.includes(k), `missing ${k}`);
      }
      assert.deepEqual(keys.slice(-2), ['classifier.weight', 'classifier.bias']);
      const sd = m.stateDict();
      assert.deepEqual(sd.get('features.denseblock1.denselayer1.conv1.weight')!.shape, [128, 64, 1, 1]);
      assert.deepEqual(sd.get('features.denseblock1.denselayer1.conv2.weight')!.shape, [32, 128, 3, 3]);
      assert.deepEqual(sd.get('classifier.weight')!.shape, [1000, 1024]);
      m.dispose();
    });

    it('names the recalibration modules se and mssar', () => {
      const se = models.create('resnet18', { recalibration: 'se' });
      const ms = models.create('resnet18', { recalibration: 'mssar' });
      assert.ok(se.stateDict().has('layer1.0.se.fc1.weight'));
      assert.ok(se.stateDict().has('layer4.1.se.fc2.bias'));
      assert.deepEqual(ms.stateDict().get('layer1.0.mssar.weight')!.shape, [3, 64, 3, 3]);
      assert.deepEqual(ms.stateDict().get('layer1.0.mssar.bias')!.shape, [64]);
      se.dispose();
      ms.dispose();
    });

    it('rejects duplicate and dotted names', () => {
      const m = new Tiny();
      assert.throws(() => m.registerAgain('conv'), /'conv' is already registered/);
      assert.throws(() => m.registerAgain('a.b'), /not a valid name/);
      m.dispose();
    });
  });

  describe('state dicts', () => {
    it('round-trips: loading one model\'s state into another makes them equal, keeping tensor identities', () => {
      manualSeed(1);
      const a = models.create('resnet20');
      manualSeed(2);
      const b = models.create('resnet20');
      const before = b.parameters();
      assert.ok(!arraysEqual(a.parameters()[0], b.parameters()[0]), 'different seeds give different weights');
      const result = b.loadStateDict(a.stateDict());
      assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
      const sa = a.stateDict();
      for (const [k, t] of b.stateDict()) assert.ok(arraysEqual(t, sa.get(k)!), `${k} differs after loading`);
      assert.ok(b.parameters().every((p, i) => p === before[i]), 'parameters keep their identity');
      // A copy, not shared storage: changing a afterwards leaves b alone.
      assert.ok(!b.parameters()[0].handle.sameStorage(a.parameters()[0].handle));
      assert.ok(b.parameters().every((p) => p.requiresGrad));
      a.dispose();
      b.dispose();
    });

    it('reports missing and unexpected keys by name and changes nothing', () => {
      const m = new Tiny();
      const src = new Tiny();
      const state = new Map(src.stateDict());
      state.delete('bn.running_var');
      state.set('extra.weight', zeros([2]));
      const conv = m.conv.weight.toArray();
      assert.throws(() => m.loadStateDict(state), (e: Error) =>
        /missing keys: bn\.running_var/.test(e.message) && /unexpected keys: extra\.weight/.test(e.message));
      assert.deepEqual(m.conv.weight.toArray(), conv, 'nothing loaded when it throws');
      m.dispose();
      src.dispose();
    });

    it('loads what matches when not strict and returns what did not', () => {
      const m = new Tiny();
      const src = new Tiny();
      const state = new Map(src.stateDict());
      state.delete('scale');
      state.set('extra.bias', zeros([2]));
      const result = m.loadStateDict(state, { strict: false });
      assert.deepEqual(result, { missingKeys: ['scale'], unexpectedKeys: ['extra.bias'] });
      assert.ok(arraysEqual(m.conv.weight, src.conv.weight));
      m.dispose();
      src.dispose();
    });

    it('names the key on a shape mismatch, even when not strict', () => {
      const m = new Tiny();
      const state = new Map(m.stateDict());
      state.set('conv.weight', zeros([4, 3, 5, 5]));
      assert.throws(() => m.loadStateDict(state), /'conv\.weight' has shape \[4,3,5,5\] in the state dict but \[4,3,3,3\] in the module/);
      assert.throws(() => m.loadStateDict(state, { strict: false }), /'conv\.weight' has shape/);
      m.dispose();
    });

    it('names the key on a dtype mismatch', () => {
      const m = new Tiny();
      const state = new Map(m.stateDict());
      state.set('bn.running_mean', zeros([4], { dtype: 'float64' }));
      assert.throws(() => m.loadStateDict(state), /'bn\.running_mean' is float64 in the state dict but float32 in the module/);
      state.set('bn.running_mean', zeros([4]));
      state.set('bn.num_batches_tracked', zeros([]));
      assert.throws(() => m.loadStateDict(state), /'bn\.num_batches_tracked' is float32 in the state dict but int32/);
      m.dispose();
    });

    it('keeps the BN batch count in num_batches_tracked', () => {
      const bn = new BatchNorm2d(3);
      assert.equal(bn.stateDict().get('num_batches_tracked')!.item(), 0);
      bn.numBatchesTracked = 5;
      assert.equal(bn.stateDict().get('num_batches_tracked')!.item(), 5);
      const state = new Map(bn.stateDict());
      state.set('num_batches_tracked', tensor(new Int32Array([7]), []));
      bn.loadStateDict(state);
      assert.equal(bn.numBatchesTracked, 7);
      assert.equal(bn.stateDict().get('num_batches_tracked')!.item(), 7);
      bn.dispose();
    });
  });

  describe('modes, gradients, devices', () => {
    it('sets training mode recursively with train() and eval()', () => {
      const m = models.create('resnet20');
      assert.ok(m.modules().every((x) => x.training));
      m.eval();
      assert.ok(m.modules().length > 50);
      assert.ok(m.modules().every((x) => !x.training));
      m.train();
      assert.ok(m.modules().every((x) => x.training));
      m.train(false);
      assert.ok(!m.modules().some((x) => x.training));
      m.dispose();
    });

    it('zeroGrad frees every gradient', () => {
      const m = new Tiny();
      const grads = m.parameters().map((p) => (p.grad = full(p.shape, 1)));
      m.zeroGrad();
      assert.ok(m.parameters().every((p) => p.grad === null));
      assert.ok(grads.every((g) => g.isDisposed));
      m.dispose();
    });

    it('counts parameters', () => {
      const m = new Tiny();
      // scale 1, conv 4*3*9 + 4, bn 4 + 4, head 4*2 + 2 + 2*2
      assert.equal(m.numParameters(), 1 + 112 + 8 + 10 + 4);
      m.dispose();
    });

    it('casts float parameters and buffers in place with to(dtype), keeping identities and the int32 counter', () => {
      const m = new Tiny();
      const params = m.parameters();
      const w = m.conv.weight.toArray();
      m.conv.weight.grad = full(m.conv.weight.shape, 2);
      m.to('float64');
      assert.ok(m.parameters().every((p, i) => p === params[i] && p.dtype === 'float64' && p.requiresGrad));
      assert.equal(m.conv.weight.grad!.dtype, 'float64');
      const sd = m.stateDict();
      assert.equal(sd.get('bn.running_var')!.dtype, 'float64');
      assert.equal(sd.get('bn.num_batches_tracked')!.dtype, 'int32');
      const w64 = m.conv.weight.toArray();
      assert.ok(w64 instanceof Float64Array);
      assert.ok(Array.from(w).every((v, i) => v === w64[i]), 'values survive the cast');
      m.to('float32');
      assert.equal(m.conv.weight.dtype, 'float32');
      assert.equal(m.to('cpu'), m);
      m.dispose();
    });

    it('moves to cuda in place', function () {
      skipUnless(this, isAvailable('cuda'), cudaReason());
      const m = new Tiny();
      const params = m.parameters();
      m.to('cuda');
      assert.ok(m.parameters().every((p, i) => p === params[i] && p.device === 'cuda'));
      assert.ok(m.buffers().every((b) => b.device === 'cuda'));
      m.to('cpu');
      assert.ok(m.parameters().every((p) => p.device === 'cpu'));
      m.dispose();
    });

    it('dispose frees every parameter and buffer', () => {
      const m = new Tiny();
      const all = [...m.parameters(), ...m.buffers()];
      m.dispose();
      assert.ok(all.every((t) => t.isDisposed));
    });
  });
});
