// Binding entries of mssar.distributed: the communicator's collectives on CPU tensors.
#include <cstring>

#include "../native/core/distributed.h"
#include "../native/core/error.h"
#include "args.h"
#include "registry.h"
#include "tensor_wrap.h"

namespace mssar::binding {

namespace {

// distBackends() -> [{ name: 'mpi', available, reason?, info? }]
Napi::Value dist_backends(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.backends", 0);
  Napi::Env env = info.Env();
  const MpiStatus& s = mpi_status();
  Napi::Object mpi = Napi::Object::New(env);
  mpi.Set("name", "mpi");
  mpi.Set("available", s.available);
  if (s.available) {
    mpi.Set("info", s.info);
  } else {
    mpi.Set("reason", s.reason);
  }
  const NcclStatus& n = nccl_status();
  Napi::Object nccl = Napi::Object::New(env);
  nccl.Set("name", "nccl");
  nccl.Set("available", n.available);
  if (n.available) {
    nccl.Set("info", n.info);
  } else {
    nccl.Set("reason", n.reason);
  }
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, mpi);
  out.Set(1u, nccl);
  return out;
}
MSSAR_BIND("distBackends", dist_backends)

Napi::Object world_info(Napi::Env env, const Communicator& c) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("rank", c.rank());
  o.Set("worldSize", c.world_size());
  o.Set("localRank", c.local_rank());
  o.Set("localSize", c.local_size());
  o.Set("backend", c.backend());
  return o;
}

// distInit(timeoutSeconds) -> { rank, worldSize, localRank, localSize, backend }
Napi::Value dist_init(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.init", 1);
  const double timeout = a.number(0, "timeoutSeconds");
  Communicator& c = distributed_init();
  c.set_timeout(timeout);
  return world_info(info.Env(), c);
}
MSSAR_BIND("distInit", dist_init)

Napi::Value dist_launched(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.launched", 0);
  return Napi::Boolean::New(info.Env(), mpi_launched());
}
MSSAR_BIND("distLaunched", dist_launched)

ReduceOp reduce_op(const Args& a, size_t i) {
  std::string op = a.string(i, "op");
  if (op == "sum") return ReduceOp::Sum;
  if (op == "mean") return ReduceOp::Mean;
  if (op == "max") return ReduceOp::Max;
  a.fail(i, "op", "'sum', 'mean' or 'max'");
}

void check_plain(const char* name, const Tensor& t) {
  MSSAR_CHECK(t.layout() == Layout::Plain, name, ": ", t.describe(), " must be plain (toLayout('plain'))");
}

void check_cpu(const char* name, const Tensor& t) {
  MSSAR_CHECK(t.device() == Device::CPU, name, ": ", t.describe(), ": the bucketed all-reduce takes cpu tensors");
  check_plain(name, t);
}

// A CUDA tensor's collective goes to NCCL: say why not before any rank starts one.
void check_device(const char* name, const Tensor& t) {
  check_plain(name, t);
  if (t.device() == Device::CUDA) {
    const NcclStatus& s = nccl_status();
    MSSAR_CHECK(s.available, name, ": ", t.describe(), ": CUDA tensors need NCCL, which is not available: ", s.reason);
  }
}

// distAllReduceStart(tensors, op) -> id: in place on the concatenation of the tensors.
Napi::Value dist_all_reduce_start(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.allReduce", 2);
  std::vector<Tensor> ts = a.tensors(0, "tensors");
  ReduceOp op = reduce_op(a, 1);
  for (const Tensor& t : ts) {
    check_cpu("distributed.allReduce", t);
    MSSAR_CHECK(t.dtype() == ts[0].dtype(), "distributed.allReduce: tensors of one dtype, got ", ts[0].describe(), " and ", t.describe());
    MSSAR_CHECK(op != ReduceOp::Mean || t.dtype() != DType::Int32, "distributed.allReduce: op 'mean' needs a float tensor, got ",
                t.describe());
  }
  return Napi::Number::New(info.Env(), double(communicator().all_reduce_start(std::move(ts), op)));
}
MSSAR_BIND("distAllReduceStart", dist_all_reduce_start)

Napi::Value dist_wait(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.wait", 1);
  communicator().wait(uint64_t(a.integer_at_least(0, "id", 1)));
  return info.Env().Undefined();
}
MSSAR_BIND("distWait", dist_wait)

// A tensor's dtype and shape, the same size on every rank, for the checks before a collective.
constexpr size_t kMaxDims = 8;
struct Header {
  int64_t dtype = 0;
  int64_t ndim = 0;
  int64_t dims[kMaxDims] = {0};
};

Header header_of(const char* name, const Tensor& t) {
  MSSAR_CHECK(size_t(t.ndim()) <= kMaxDims, name, ": at most ", kMaxDims, " dimensions, got ", t.describe());
  Header h;
  h.dtype = int64_t(t.dtype());
  h.ndim = t.ndim();
  for (int64_t i = 0; i < t.ndim(); ++i) h.dims[i] = t.size(i);
  return h;
}

std::string header_str(const Header& h) {
  Shape s(h.dims, h.dims + h.ndim);
  return cat(shape_str(s), " ", dtype_name(DType(h.dtype)));
}

bool same(const Header& x, const Header& y) { return std::memcmp(&x, &y, sizeof(Header)) == 0; }

// Every rank's header; throws on every rank alike when one differs from `reference`'s.
std::vector<Header> gather_headers(const char* name, Communicator& c, const Header& mine, int reference) {
  std::vector<Header> all(size_t(c.world_size()));
  c.all_gather_bytes(&mine, sizeof(Header), all.data());
  for (size_t r = 0; r < all.size(); ++r) {
    MSSAR_CHECK(same(all[r], all[size_t(reference)]), name, ": rank ", r, " has ", header_str(all[r]), " but rank ",
                reference, " has ", header_str(all[size_t(reference)]), " (every rank must pass the same shape and dtype)");
  }
  return all;
}

// distAllReduce(t, op): in place, the shapes checked first.
Napi::Value dist_all_reduce(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.allReduce", 2);
  Tensor t = a.tensor(0, "t");
  ReduceOp op = reduce_op(a, 1);
  check_device("distributed.allReduce", t);
  MSSAR_CHECK(op != ReduceOp::Mean || t.dtype() != DType::Int32, "distributed.allReduce: op 'mean' needs a float tensor, got ",
              t.describe());
  Communicator& c = communicator();
  gather_headers("distributed.allReduce", c, header_of("distributed.allReduce", t), 0);
  if (t.device() == Device::CUDA) {
    nccl_all_reduce(t, op);
  } else {
    c.wait(c.all_reduce_start({t}, op));
  }
  return info.Env().Undefined();
}
MSSAR_BIND("distAllReduce", dist_all_reduce)

// distBroadcast(t, root): in place.
Napi::Value dist_broadcast(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.broadcast", 2);
  Tensor t = a.tensor(0, "t");
  int64_t root = a.integer_at_least(1, "root", 0);
  Communicator& c = communicator();
  MSSAR_CHECK(root < c.world_size(), "distributed.broadcast: root ", root, " is not a rank of a world of ", c.world_size());
  check_device("distributed.broadcast", t);
  gather_headers("distributed.broadcast", c, header_of("distributed.broadcast", t), int(root));
  if (t.device() == Device::CUDA) {
    nccl_broadcast(t, int(root));
  } else {
    c.broadcast(t, int(root));
  }
  return info.Env().Undefined();
}
MSSAR_BIND("distBroadcast", dist_broadcast)

// distAllGather(t) -> every rank's t concatenated along dim 0 (a scalar becomes [worldSize]).
Napi::Value dist_all_gather(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.allGather", 1);
  const Tensor& t = a.tensor(0, "t");
  Communicator& c = communicator();
  check_device("distributed.allGather", t);
  gather_headers("distributed.allGather", c, header_of("distributed.allGather", t), 0);
  Shape shape = t.shape();
  if (shape.empty()) shape.push_back(1);
  shape[0] *= c.world_size();
  Tensor out = Tensor::empty(shape, t.dtype(), t.device());
  if (t.device() == Device::CUDA) {
    nccl_all_gather(t, out);
  } else {
    c.all_gather_bytes(t.raw(), t.nbytes(), out.raw());
  }
  return TensorWrap::wrap(info.Env(), out);
}
MSSAR_BIND("distAllGather", dist_all_gather)

// distBroadcastString(s, root) -> root's s.
Napi::Value dist_broadcast_string(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.broadcastString", 2);
  std::string s = a.string(0, "s");
  int64_t root = a.integer_at_least(1, "root", 0);
  Communicator& c = communicator();
  MSSAR_CHECK(root < c.world_size(), "distributed.broadcastString: root ", root, " is not a rank of a world of ", c.world_size());
  int64_t len = int64_t(s.size());
  c.broadcast_bytes(&len, sizeof len, int(root));
  s.resize(size_t(len));
  c.broadcast_bytes(s.data(), s.size(), int(root));
  return Napi::String::New(info.Env(), s);
}
MSSAR_BIND("distBroadcastString", dist_broadcast_string)

Napi::Value dist_barrier(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.barrier", 0);
  communicator().barrier();
  return info.Env().Undefined();
}
MSSAR_BIND("distBarrier", dist_barrier)

Napi::Value dist_finalize(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.finalize", 0);
  distributed_finalize();
  return info.Env().Undefined();
}
MSSAR_BIND("distFinalize", dist_finalize)

// distAbort(code): ends this process at once with `code`; the launcher then ends the others.
Napi::Value dist_abort(const Napi::CallbackInfo& info) {
  Args a(info, "distributed.abort", 1);
  int64_t code = a.integer_at_least(0, "code", 1);
  if (distributed_initialized()) communicator().abort(int(code > 255 ? 255 : code));
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(int(code > 255 ? 255 : code));
}
MSSAR_BIND("distAbort", dist_abort)

}  // namespace

}  // namespace mssar::binding
