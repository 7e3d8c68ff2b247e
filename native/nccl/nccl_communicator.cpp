// libmssar_nccl.so: collectives on CUDA tensors over NCCL, opened with dlopen by the core
// (native/core/distributed.cpp) the first time a collective gets a CUDA tensor. The NCCL unique id
// is made by rank 0 and sent to the others over the MPI communicator. Each collective waits for the
// device's queued work, runs on this library's own stream and returns when it is done.
#include <cuda_runtime.h>
#include <nccl.h>

#include <cstdio>
#include <string>

#include "../core/distributed.h"
#include "../core/error.h"

namespace mssar {

namespace {

void check_cuda(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw Error(cat("nccl: ", what, ": ", cudaGetErrorString(e)));
}

void check_nccl(ncclResult_t r, const char* what) {
  if (r != ncclSuccess) throw Error(cat("nccl: ", what, ": ", ncclGetErrorString(r)));
}

ncclDataType_t nccl_type(DType d) {
  switch (d) {
    case DType::Float32: return ncclFloat32;
    case DType::Float64: return ncclFloat64;
    case DType::Int32: return ncclInt32;
    case DType::Int64: return ncclInt64;
    case DType::Bool: return ncclUint8;  // max is a logical or; sums are refused before they get here
  }
  return ncclFloat32;
}

class NcclComm {
 public:
  explicit NcclComm(Communicator& mpi) {
    int devices = 0;
    check_cuda(cudaGetDeviceCount(&devices), "cudaGetDeviceCount");
    if (devices == 0) throw Error("nccl: no CUDA device");
    // One GPU per rank of this machine, in local-rank order (wrapping when there are fewer).
    device_ = mpi.local_rank() % devices;
    check_cuda(cudaSetDevice(device_), "cudaSetDevice");
    ncclUniqueId id;
    if (mpi.rank() == 0) check_nccl(ncclGetUniqueId(&id), "ncclGetUniqueId");
    mpi.broadcast_bytes(&id, sizeof id, 0);
    check_nccl(ncclCommInitRank(&comm_, mpi.world_size(), id, mpi.rank()), "ncclCommInitRank");
    check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
    size_ = mpi.world_size();
  }

  void all_reduce(const Tensor& t, ReduceOp op) {
    ready();
    ncclRedOp_t o = op == ReduceOp::Max ? ncclMax : op == ReduceOp::Mean ? ncclAvg : ncclSum;
    check_nccl(ncclAllReduce(t.raw(), t.raw(), size_t(t.numel()), nccl_type(t.dtype()), o, comm_, stream_), "ncclAllReduce");
    done();
  }

  void broadcast(const Tensor& t, int root) {
    ready();
    check_nccl(ncclBroadcast(t.raw(), t.raw(), size_t(t.numel()), nccl_type(t.dtype()), root, comm_, stream_), "ncclBroadcast");
    done();
  }

  void all_gather(const Tensor& in, const Tensor& out) {
    ready();
    check_nccl(ncclAllGather(in.raw(), out.raw(), size_t(in.numel()), nccl_type(in.dtype()), comm_, stream_), "ncclAllGather");
    done();
  }

 private:
  // The tensors' producers run on the compute stream of the CUDA library: wait for the device.
  void ready() {
    check_cuda(cudaSetDevice(device_), "cudaSetDevice");
    check_cuda(cudaDeviceSynchronize(), "waiting for the device");
  }
  void done() { check_cuda(cudaStreamSynchronize(stream_), "waiting for NCCL"); }

  ncclComm_t comm_ = nullptr;
  cudaStream_t stream_ = nullptr;
  int device_ = 0;
  int size_ = 1;
};

template <class F>
int guarded(char* error, size_t len, F&& f) {
  try {
    f();
    return 0;
  } catch (const std::exception& e) {
    std::snprintf(error, len, "%s", e.what());
    return 1;
  }
}

}  // namespace

}  // namespace mssar

extern "C" {

// 0 and "NCCL 2.30.7, N devices" when NCCL can run here; else 1 and the reason.
__attribute__((visibility("default"))) int mssar_nccl_probe(char* info, size_t len) {
  int v = 0;
  if (ncclGetVersion(&v) != ncclSuccess) {
    std::snprintf(info, len, "libnccl cannot report its version");
    return 1;
  }
  int devices = 0;
  cudaError_t e = cudaGetDeviceCount(&devices);
  if (e != cudaSuccess || devices == 0) {
    std::snprintf(info, len, "NCCL %d.%d.%d is here but no CUDA device is: %s", v / 10000, (v % 10000) / 100, v % 100,
                  e != cudaSuccess ? cudaGetErrorString(e) : "no device found");
    return 1;
  }
  std::snprintf(info, len, "NCCL %d.%d.%d, %d device%s", v / 10000, (v % 10000) / 100, v % 100, devices, devices > 1 ? "s" : "");
  return 0;
}

__attribute__((visibility("default"))) void* mssar_nccl_create(mssar::Communicator* mpi, char* error, size_t len) {
  mssar::NcclComm* c = nullptr;
  mssar::guarded(error, len, [&] { c = new mssar::NcclComm(*mpi); });
  return c;
}

__attribute__((visibility("default"))) int mssar_nccl_all_reduce(void* comm, const mssar::Tensor* t, int op, char* error, size_t len) {
  return mssar::guarded(error, len, [&] { static_cast<mssar::NcclComm*>(comm)->all_reduce(*t, mssar::ReduceOp(op)); });
}

__attribute__((visibility("default"))) int mssar_nccl_broadcast(void* comm, const mssar::Tensor* t, int root, char* error, size_t len) {
  return mssar::guarded(error, len, [&] { static_cast<mssar::NcclComm*>(comm)->broadcast(*t, root); });
}

__attribute__((visibility("default"))) int mssar_nccl_all_gather(void* comm, const mssar::Tensor* in, const mssar::Tensor* out, char* error,
                                                                  size_t len) {
  return mssar::guarded(error, len, [&] { static_cast<mssar::NcclComm*>(comm)->all_gather(*in, *out); });
}

}
