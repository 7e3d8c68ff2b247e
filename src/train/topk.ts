// Top-k accuracy from logits read back to the host: a sample is right at k when fewer than k classes
// score above its label (ties broken towards the lower class index, as an argmax does).
import { checkInt, fail } from '../check';

/** The rank of the label among the row's scores (0: the label scores highest); K when the score is NaN. */
function labelRank(logits: ArrayLike<number>, row: number, classes: number, label: number): number {
  const base = row * classes;
  const s = logits[base + label];
  if (Number.isNaN(s)) return classes;
  let rank = 0;
  for (let k = 0; k < classes; k++) {
    const v = logits[base + k];
    if (v > s || (v === s && k < label) || Number.isNaN(v)) rank++;
  }
  return rank;
}

/** How many rows of [N, K] logits have their label first (top1) and among the first five (top5). */
export function countCorrect(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): { top1: number; top5: number } {
  const arrayLike = (v: unknown) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
  if (!arrayLike(logits)) fail('countCorrect', 'logits', 'an array or typed array', logits);
  if (!arrayLike(labels)) fail('countCorrect', 'labels', 'an array or typed array', labels);
  checkInt('countCorrect', 'classes', classes, 1, Math.max(1, logits.length));
  if (logits.length !== labels.length * classes) {
    fail('countCorrect', 'logits', `${labels.length} x ${classes} = ${labels.length * classes} values`, `${logits.length} values`);
  }
  let top1 = 0;
  let top5 = 0;
  for (let r = 0; r < labels.length; r++) {
    const rank = labelRank(logits, r, classes, labels[r]);
    if (rank < 1) top1++;
    if (rank < 5) top5++;
  }
  return { top1, top5 };
}
