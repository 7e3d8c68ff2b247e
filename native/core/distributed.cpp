#include "distributed.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

#include "cuda_loader.h"
#include "error.h"
#include "sibling_library.h"

namespace mssar {

namespace {

#ifndef MSSAR_MPI_BUILT
#define MSSAR_MPI_BUILT 0
#endif
#ifndef MSSAR_NCCL_BUILT
#define MSSAR_NCCL_BUILT 0
#endif

MpiCreateFn create_fn = nullptr;

MpiStatus load() {
  MpiStatus s;
  if (!MSSAR_MPI_BUILT) {
    s.reason = "not built: CMake found no MPI (apt-get install libopenmpi-dev openmpi-bin) when this package was built";
    return s;
  }
  // RTLD_GLOBAL: Open MPI opens its own plugins, which need libmpi's symbols.
  SiblingLibrary lib = open_sibling_library("libmssar_mpi.so", RTLD_GLOBAL);
  if (!lib.handle) {
    s.reason = lib.reason;
    return s;
  }
  auto version = reinterpret_cast<MpiVersionFn>(dlsym(lib.handle, "mssar_mpi_version"));
  create_fn = reinterpret_cast<MpiCreateFn>(dlsym(lib.handle, "mssar_mpi_create"));
  if (!version || !create_fn) {
    s.reason = cat("library failed to load: ", lib.path, " lacks mssar_mpi_version or mssar_mpi_create");
    return s;
  }
  char info[256] = {0};
  version(info, sizeof info);
  s.available = true;
  s.info = info;
  return s;
}

std::mutex world_mutex;
// Never deleted: at process exit, a world that finalize() has not ended is left as it is (its
// thread may sit in a collective with a rank that failed, and MPI_Finalize would wait for that
// rank forever); the launcher sees a rank end without finalizing and ends the job.
Communicator* world = nullptr;
bool finalized = false;

}  // namespace

const MpiStatus& mpi_status() {
  static std::once_flag once;
  static MpiStatus status;
  std::call_once(once, [] { status = load(); });
  return status;
}

bool mpi_launched() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(v)) return true;
  }
  return false;
}

bool distributed_initialized() {
  std::lock_guard<std::mutex> lock(world_mutex);
  return world != nullptr;
}

Communicator& communicator() {
  std::lock_guard<std::mutex> lock(world_mutex);
  MSSAR_CHECK(!finalized, "distributed: finalize() has run; the world cannot be used again in this process");
  MSSAR_CHECK(world != nullptr, "distributed: init() has not run");
  return *world;
}

Communicator& distributed_init() {
  std::lock_guard<std::mutex> lock(world_mutex);
  MSSAR_CHECK(!finalized, "distributed: finalize() has run; MPI cannot be started twice in one process");
  if (world) return *world;
  if (!mpi_launched()) {
    world = make_self_communicator().release();
    return *world;
  }
  const MpiStatus& s = mpi_status();
  MSSAR_CHECK(s.available, "distributed: this process was started by an MPI launcher but MPI is not available: ", s.reason);
  char error[512] = {0};
  Communicator* c = create_fn(error, sizeof error);
  MSSAR_CHECK(c != nullptr, "distributed: MPI failed to start: ", error);
  world = c;
  return *world;
}

void distributed_finalize() {
  std::lock_guard<std::mutex> lock(world_mutex);
  if (!world) return;
  world->finalize();
  // The MPI communicator's thread has ended; the object stays (a later call fails by `finalized`).
  finalized = true;
}

namespace {

class SelfCommunicator : public Communicator {
 public:
  int rank() const override { return 0; }
  int world_size() const override { return 1; }
  int local_rank() const override { return 0; }
  int local_size() const override { return 1; }
  std::string backend() const override { return "world of one (not started by an MPI launcher)"; }
  uint64_t all_reduce_start(std::vector<Tensor>, ReduceOp) override { return ++last_; }
  void wait(uint64_t id) override {
    MSSAR_CHECK(id >= 1 && id <= last_, "distributed: wait: no collective ", id);
  }
  void all_gather_bytes(const void* in, size_t bytes, void* out) override {
    if (bytes) std::memcpy(out, in, bytes);
  }
  void broadcast(const Tensor&, int) override {}
  void broadcast_bytes(void*, size_t, int) override {}
  void barrier() override {}
  void finalize() override {}
  void abort(int code) override { std::_Exit(code); }
  void set_timeout(double) override {}  // nothing to wait for

 private:
  uint64_t last_ = 0;
};

}  // namespace

std::unique_ptr<Communicator> make_self_communicator() { return std::make_unique<SelfCommunicator>(); }

namespace {

struct NcclApi {
  void* (*create)(Communicator*, char*, size_t) = nullptr;
  int (*all_reduce)(void*, const Tensor*, int, char*, size_t) = nullptr;
  int (*broadcast)(void*, const Tensor*, int, char*, size_t) = nullptr;
  int (*all_gather)(void*, const Tensor*, const Tensor*, char*, size_t) = nullptr;
};
NcclApi nccl;

NcclStatus load_nccl() {
  NcclStatus s;
  if (!MSSAR_NCCL_BUILT) {
    s.reason = "not built: CMake found no NCCL (the nvidia-nccl-cu13 wheel, scripts/cuda-deps.sh) next to the CUDA toolkit";
    return s;
  }
  const CudaStatus& cuda = cuda_status();
  if (!cuda.available) {
    s.reason = cat("cuda is not available: ", cuda.reason);
    return s;
  }
  SiblingLibrary lib = open_sibling_library("libmssar_nccl.so", RTLD_LOCAL);
  if (!lib.handle) {
    s.reason = lib.reason;
    return s;
  }
  auto probe = reinterpret_cast<int (*)(char*, size_t)>(dlsym(lib.handle, "mssar_nccl_probe"));
  nccl.create = reinterpret_cast<decltype(nccl.create)>(dlsym(lib.handle, "mssar_nccl_create"));
  nccl.all_reduce = reinterpret_cast<decltype(nccl.all_reduce)>(dlsym(lib.handle, "mssar_nccl_all_reduce"));
  nccl.broadcast = reinterpret_cast<decltype(nccl.broadcast)>(dlsym(lib.handle, "mssar_nccl_broadcast"));
  nccl.all_gather = reinterpret_cast<decltype(nccl.all_gather)>(dlsym(lib.handle, "mssar_nccl_all_gather"));
  if (!probe || !nccl.create || !nccl.all_reduce || !nccl.broadcast || !nccl.all_gather) {
    s.reason = cat("library failed to load: ", lib.path, " lacks an entry point");
    return s;
  }
  char info[256] = {0};
  if (probe(info, sizeof info) != 0) {
    s.reason = info;
    return s;
  }
  s.available = true;
  s.info = info;
  return s;
}

// The NCCL communicator of this world, made on first use (a collective: every rank must get here).
void* nccl_comm() {
  static std::mutex m;
  static void* comm = nullptr;
  std::lock_guard<std::mutex> lock(m);
  if (comm) return comm;
  const NcclStatus& s = nccl_status();
  MSSAR_CHECK(s.available, "distributed: CUDA tensors need NCCL, which is not available: ", s.reason);
  char error[512] = {0};
  comm = nccl.create(&communicator(), error, sizeof error);
  MSSAR_CHECK(comm != nullptr, "distributed: NCCL failed to start: ", error);
  return comm;
}

void nccl_result(int r, const char* error) { MSSAR_CHECK(r == 0, "distributed: ", error); }

}  // namespace

const NcclStatus& nccl_status() {
  static std::once_flag once;
  static NcclStatus status;
  std::call_once(once, [] { status = load_nccl(); });
  return status;
}

void nccl_all_reduce(const Tensor& t, ReduceOp op) {
  char e[512] = {0};
  void* c = nccl_comm();
  nccl_result(nccl.all_reduce(c, &t, int(op), e, sizeof e), e);
}

void nccl_broadcast(const Tensor& t, int root) {
  char e[512] = {0};
  void* c = nccl_comm();
  nccl_result(nccl.broadcast(c, &t, root, e, sizeof e), e);
}

void nccl_all_gather(const Tensor& in, const Tensor& out) {
  char e[512] = {0};
  void* c = nccl_comm();
  nccl_result(nccl.all_gather(c, &in, &out, e, sizeof e), e);
}

}  // namespace mssar
