#include "dnnl_matmul.h"

#include "dnnl_context.h"

namespace mssar::cpu {

namespace {

using dnnl::memory;
using tag = memory::format_tag;

struct MatmulKey {
  int64_t M, N, K, trans_a, trans_b, bias;
};

struct MatmulPlan {
  dnnl::matmul prim;
  memory::desc a, b, bias, c, scratchpad;
};

MatmulPlan build(const MatmulKey& k) {
  constexpr memory::data_type f32 = memory::data_type::f32;
  MatmulPlan p;
  // A transposed operand is the same buffer read with swapped strides (format ba).
  p.a = memory::desc({k.M, k.K}, f32, k.trans_a ? tag::ba : tag::ab);
  p.b = memory::desc({k.K, k.N}, f32, k.trans_b ? tag::ba : tag::ab);
  p.bias = k.bias ? memory::desc({1, k.N}, f32, tag::ab) : memory::desc();
  p.c = memory::desc({k.M, k.N}, f32, tag::ab);
  dnnl::matmul::desc d(p.a, p.b, p.bias, p.c);
  dnnl::matmul::primitive_desc pd(d, user_scratchpad_attr(), dnnl_engine());
  p.scratchpad = pd.scratchpad_desc();
  p.prim = dnnl::matmul(pd);
  note_dnnl_built();
  return p;
}

PrimitiveCache<MatmulKey, MatmulPlan>& plans() {
  static PrimitiveCache<MatmulKey, MatmulPlan> c;
  return c;
}

}  // namespace

void dnnl_matmul(const float* A, bool trans_a, const float* B, bool trans_b, const float* bias, float* C, int64_t M,
                 int64_t N, int64_t K) {
  const MatmulKey key{M, N, K, trans_a, trans_b, bias != nullptr};
  auto plan = plans().get(key, [&] { return build(key); });
  const dnnl::engine& eng = dnnl_engine();
  Tensor hpad;
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, memory(plan->a, eng, const_cast<float*>(A))},
                                       {DNNL_ARG_WEIGHTS, memory(plan->b, eng, const_cast<float*>(B))},
                                       {DNNL_ARG_DST, memory(plan->c, eng, C)},
                                       {DNNL_ARG_SCRATCHPAD, scratchpad_memory(plan->scratchpad, hpad)}};
  if (bias) args.emplace(DNNL_ARG_BIAS, memory(plan->bias, eng, const_cast<float*>(bias)));
  plan->prim.execute(dnnl_stream(), args);
  dnnl_stream().wait();
}

}  // namespace mssar::cpu
