// Runs the per-element (and per-thread) programs of the tensor-op CUDA kernels on the host against
// the CPU kernels; each group's file says what it covers and how:
//   emulate_copies.cpp       strided copies (permute, expand, slice), gather, indexSelect, maskedFill;
//   emulate_reductions.cpp   sum, max and min;
//   emulate_rows.cpp         softmax, logSoftmax, crossEntropy, layerNorm, nllLoss, mseLoss;
//   emulate_elementwise.cpp  the unary and binary ops, where;
//   emulate_create.cpp       fill, rand, randn, casts, accumulation;
//   emulate_concat.cpp       concat, forward and backward;
//   emulate_sgd_step.cpp     sgdStep;
//   emulate_dropout.cpp      dropout, forward and backward;
//   emulate_channel_ops.cpp  add and mul (channel broadcast), addRelu, relu, sigmoid.
// Exit status 0 when every case passes; the last line says "N cases, F failures".
#include <cstdio>
#include <exception>

#include "emulation.h"

int main() {
  using namespace mssar::emulation;
  try {
    copy_cases();
    reduction_cases();
    row_cases();
    elementwise_cases();
    create_cases();
    concat_cases();
    sgd_step_cases();
    dropout_cases();
    channel_op_cases();
  } catch (const std::exception& e) {
    std::printf("FAIL an op threw: %s\n", e.what());
    ++tally().failures;
  }
  std::printf("%d cases, %d failures\n", tally().cases, tally().failures);
  return tally().failures == 0 ? 0 : 1;
}
