// Collective communication between the processes of a distributed run. The transport lives in a
// separate library (libmssar_mpi.so, linking Open MPI) opened with dlopen the first time a launched
// process asks for it, so the package loads and runs where MPI is absent. Outside a launch (no
// mpirun environment) the world is this process alone and every collective is a copy.
//
// Every collective runs on one communication thread, in the order submitted: the only thread that
// calls MPI (MPI_THREAD_FUNNELED), so that a gradient bucket's all-reduce proceeds while the caller
// goes on with the backward pass. All ranks must submit the same collectives in the same order.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tensor.h"

namespace mssar {

enum class ReduceOp : uint8_t { Sum = 0, Mean = 1, Max = 2 };

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int world_size() const = 0;
  virtual int local_rank() const = 0;
  virtual int local_size() const = 0;
  // "Open MPI v4.1.4", "world of one"
  virtual std::string backend() const = 0;

  // Starts an in-place reduction of the concatenation of `ts` (plain CPU tensors of one dtype) over
  // all ranks; the tensors must not be touched until wait() returns for the id.
  virtual uint64_t all_reduce_start(std::vector<Tensor> ts, ReduceOp op) = 0;
  // Blocks until the collective `id` has finished; throws its error. A collective that has not
  // finished after the timeout (set_timeout) throws an Error naming it: some rank hangs, or died
  // without ending the job. The communicator is unusable after that (its thread is stuck in MPI):
  // the process must exit, and the launcher then ends the others.
  virtual void wait(uint64_t id) = 0;
  // Seconds a wait() may take (default 1800; <= 0: no limit).
  virtual void set_timeout(double seconds) = 0;
  // Every rank's `in` (each the same number of bytes) into `out`, rank after rank.
  virtual void all_gather_bytes(const void* in, size_t bytes, void* out) = 0;
  // `t` of rank `root` into `t` of every rank (in place).
  virtual void broadcast(const Tensor& t, int root) = 0;
  virtual void broadcast_bytes(void* data, size_t bytes, int root) = 0;
  virtual void barrier() = 0;
  // Ends the communication thread and the MPI world; later calls fail.
  virtual void finalize() = 0;
  // Ends every rank of the job at once (MPI_Abort): a failure on one rank that the others would wait
  // for forever.
  virtual void abort(int code) = 0;
};

struct MpiStatus {
  bool available = false;
  std::string reason;  // why not, when not available
  std::string info;    // library version, when available
};

// Loads libmssar_mpi.so on first call (never again after a failure) and reports the outcome.
const MpiStatus& mpi_status();
// Whether this process was started by an MPI launcher (mpirun, srun with PMIx).
bool mpi_launched();

// The communicator: created by distributed_init (MPI when launched, a world of one otherwise).
// Throws when init has not run or finalize has.
Communicator& communicator();
bool distributed_initialized();
// Idempotent: the MPI communicator when launched (throws when MPI cannot be loaded), else a world of one.
Communicator& distributed_init();
void distributed_finalize();

// NCCL for CUDA tensors: libmssar_nccl.so (built when CMake finds NCCL next to the CUDA toolkit),
// opened the first time a collective gets a CUDA tensor; the NCCL unique id travels over the world's
// communicator (MPI, or nothing in a world of one).
struct NcclStatus {
  bool available = false;
  std::string reason;
  std::string info;
};
const NcclStatus& nccl_status();
// In place on every rank's CUDA tensor; throw the reason when NCCL cannot be used.
void nccl_all_reduce(const Tensor& t, ReduceOp op);
void nccl_broadcast(const Tensor& t, int root);
void nccl_all_gather(const Tensor& in, const Tensor& out);

// The world of one: collectives are copies.
std::unique_ptr<Communicator> make_self_communicator();

// What libmssar_mpi.so exports (extern "C"): a new communicator, or null with `error` filled.
using MpiCreateFn = Communicator* (*)(char* error, size_t error_len);
using MpiVersionFn = int (*)(char* info, size_t info_len);

}  // namespace mssar
