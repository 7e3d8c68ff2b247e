// Parameters and multiply-adds of one configuration's model, as its runs built it: the model and
// options recorded in a run's checkpoint, counted for one image of the run's input shape.
import { getRngState, setRngState } from '../creation';
import * as models from '../models';
import { profileModule } from '../nn/profile';
import { readCheckpointMeta } from '../train/checkpoint';

export interface ModelCost {
  parameters: number;
  /** Multiply-adds for one image (src/nn/profile.ts says what one is). */
  macs: number;
  /** [C, H, W] of one image. */
  inputShape: number[];
}

/** The cost of the model in `checkpoint` (a run's last.safetensors), without loading its tensors. */
export function modelCost(checkpoint: string): ModelCost {
  const meta = readCheckpointMeta(checkpoint);
  const rng = getRngState();
  const model = models.create(meta.model, meta.modelOptions);
  try {
    return { parameters: model.numParameters(), macs: profileModule(model, [1, ...meta.inputShape]).macs, inputShape: [...meta.inputShape] };
  } finally {
    model.dispose();
    setRngState(rng);
  }
}
