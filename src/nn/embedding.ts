import { embedding } from '../functional/embedding';
import { checkInt } from '../check';
import { randn } from '../creation';
import type { Tensor } from '../tensor';
import { Module } from './module';
import { CostCounter, Shape } from './profile';

/** torch.nn.Embedding: a table weight [numEmbeddings, embeddingDim] (normal(0, 1) at first) looked up by int32 ids. */
export class Embedding extends Module {
  readonly weight: Tensor;

  constructor(readonly numEmbeddings: number, readonly embeddingDim: number) {
    super();
    checkInt('Embedding', 'numEmbeddings', numEmbeddings, 1, 2 ** 31 - 1);
    checkInt('Embedding', 'embeddingDim', embeddingDim, 1, 2 ** 31 - 1);
    this.weight = this.registerParameter('weight', randn([numEmbeddings, embeddingDim]));
  }

  forward(ids: Tensor): Tensor {
    return embedding(ids, this.weight);
  }

  override profile(input: Shape, counter: CostCounter): number[] {
    const out = [...input, this.embeddingDim];
    counter.add(this, out, 0);
    return out;
  }
}
