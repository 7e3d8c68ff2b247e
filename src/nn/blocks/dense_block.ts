import type { Tensor } from '../../tensor';
import { checkBlockOptions, checkChannels } from './check_block';
import { checkInt } from '../../check';
import { Module } from '../module';
import { CostCounter, Shape } from '../profile';
import { DenseLayer, DenseLayerOptions } from './dense_layer';

/** `numLayers` dense layers named denselayer1, denselayer2, ... (torchvision's _DenseBlock). */
export class DenseBlock extends Module {
  readonly layers: DenseLayer[] = [];
  readonly outChannels: number;

  constructor(readonly inChannels: number, numLayers: number, growthRate: number, opts: DenseLayerOptions = {}) {
    super();
    checkChannels('DenseBlock', 'inChannels', inChannels);
    checkInt('DenseBlock', 'numLayers', numLayers, 1, 1024);
    checkChannels('DenseBlock', 'growthRate', growthRate);
    opts = checkBlockOptions<DenseLayerOptions>('DenseBlock', opts, ['bottleneckWidth', 'dropout', 'init']);
    let c = inChannels;
    for (let i = 0; i < numLayers; i++) {
      const layer = this.registerModule(`denselayer${i + 1}`, new DenseLayer(c, growthRate, opts));
      this.layers.push(layer);
      c = layer.outChannels;
    }
    this.outChannels = c;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    let shape = input.slice();
    for (const layer of this.layers) shape = layer.profile(shape, counter);
    return shape;
  }
}
