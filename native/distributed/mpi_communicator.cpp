// libmssar_mpi.so: the Communicator over Open MPI (any MPI-3 library). One communication thread
// initialises MPI (MPI_THREAD_FUNNELED: it is the only thread that ever calls MPI) and runs the
// collectives in the order they were submitted, so that a gradient bucket's all-reduce proceeds
// while the caller computes the next gradients. The caller waits on a collective's id.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "../core/distributed.h"
#include "../core/error.h"

namespace mssar {

namespace {

std::string mpi_error(int code) {
  char text[MPI_MAX_ERROR_STRING] = {0};
  int len = 0;
  if (MPI_Error_string(code, text, &len) != MPI_SUCCESS) return cat("MPI error ", code);
  return std::string(text, size_t(len));
}

MPI_Datatype mpi_type(DType d) {
  switch (d) {
    case DType::Float32: return MPI_FLOAT;
    case DType::Float64: return MPI_DOUBLE;
    case DType::Int32: return MPI_INT;
    case DType::Int64: return MPI_INT64_T;
    case DType::Bool: return MPI_UINT8_T;  // max is a logical or; sums are refused before they get here
  }
  return MPI_DATATYPE_NULL;
}

// MPI counts are ints: large buffers go in pieces.
constexpr size_t kMaxCount = size_t(1) << 30;

class MpiCommunicator : public Communicator {
 public:
  MpiCommunicator() {
    thread_ = std::thread([this] { run(); });
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return started_; });
    if (!start_error_.empty()) {
      lock.unlock();
      thread_.join();
      throw Error(start_error_);
    }
  }
  ~MpiCommunicator() override {
    stop();
  }

  int rank() const override { return rank_; }
  int world_size() const override { return size_; }
  int local_rank() const override { return local_rank_; }
  int local_size() const override { return local_size_; }
  std::string backend() const override { return version_; }

  uint64_t all_reduce_start(std::vector<Tensor> ts, ReduceOp op) override {
    return submit("allReduce", [this, ts = std::move(ts), op] { all_reduce(ts, op); });
  }

  void set_timeout(double seconds) override {
    std::lock_guard<std::mutex> lock(mutex_);
    timeout_s_ = seconds;
  }

  void wait(uint64_t id) override {
    std::unique_lock<std::mutex> lock(mutex_);
    MSSAR_CHECK(id >= 1 && id < next_id_, "distributed: wait: no collective ", id);
    const auto finished = [&] { return done_.count(id) > 0; };
    if (timeout_s_ > 0) {
      if (!cv_.wait_for(lock, std::chrono::duration<double>(timeout_s_), finished)) {
        // The communication thread sits in MPI waiting for a peer that will not come; nothing can
        // take it out, so this communicator is finished and the process must exit.
        broken_ = true;
        throw Error(cat("distributed: ", running_, " on rank ", rank_, " of ", size_, " has waited ", timeout_s_,
                        " s for the other ranks (one of them hangs, or died without ending the job); ",
                        "this process cannot communicate any more and must exit (the launcher then ends the others)"));
      }
    } else {
      cv_.wait(lock, finished);
    }
    // The job (with the tensors it holds) ends here, on the caller's thread, which owns them.
    Finished f = std::move(done_[id]);
    done_.erase(id);
    lock.unlock();
    if (!f.error.empty()) throw Error(f.error);
  }

  void all_gather_bytes(const void* in, size_t bytes, void* out) override {
    run_sync("allGather", [&] {
      MSSAR_CHECK(bytes < size_t(INT_MAX), "distributed: allGather: ", bytes, " bytes per rank is more than MPI takes at once");
      check(MPI_Allgather(in, int(bytes), MPI_BYTE, out, int(bytes), MPI_BYTE, MPI_COMM_WORLD), "allGather");
    });
  }

  void broadcast(const Tensor& t, int root) override {
    Tensor keep = t;
    run_sync("broadcast", [&] { bcast(keep.raw(), size_t(keep.numel()), mpi_type(keep.dtype()), dtype_size(keep.dtype()), root); });
  }

  void broadcast_bytes(void* data, size_t bytes, int root) override {
    run_sync("broadcast", [&] { bcast(data, bytes, MPI_BYTE, 1, root); });
  }

  void barrier() override {
    run_sync("barrier", [&] { check(MPI_Barrier(MPI_COMM_WORLD), "barrier"); });
  }

  void finalize() override { stop(); }

  void abort(int code) override {
    // Not MPI_Abort: the communication thread may sit in a collective, and no other thread may call
    // MPI. A rank that exits with a non-zero status makes the launcher end the whole job.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
  }

 private:
  void check(int code, const char* what) const {
    if (code != MPI_SUCCESS) throw Error(cat("distributed: ", what, " failed on rank ", rank_, ": ", mpi_error(code)));
  }

  void bcast(void* data, size_t count, MPI_Datatype type, size_t elem, int root) {
    char* p = static_cast<char*>(data);
    for (size_t done = 0; done < count; done += kMaxCount) {
      size_t n = std::min(kMaxCount, count - done);
      check(MPI_Bcast(p + done * elem, int(n), type, root, MPI_COMM_WORLD), "broadcast");
    }
  }

  void reduce_in_place(void* data, size_t count, DType dtype, ReduceOp op) {
    char* p = static_cast<char*>(data);
    size_t elem = dtype_size(dtype);
    for (size_t done = 0; done < count; done += kMaxCount) {
      size_t n = std::min(kMaxCount, count - done);
      check(MPI_Allreduce(MPI_IN_PLACE, p + done * elem, int(n), mpi_type(dtype), op == ReduceOp::Max ? MPI_MAX : MPI_SUM,
                          MPI_COMM_WORLD),
            "allReduce");
    }
    if (op != ReduceOp::Mean) return;
    if (dtype == DType::Float32) {
      float* f = static_cast<float*>(data);
      for (size_t i = 0; i < count; ++i) f[i] /= float(size_);
    } else if (dtype == DType::Float64) {
      double* f = static_cast<double*>(data);
      for (size_t i = 0; i < count; ++i) f[i] /= double(size_);
    }
  }

  void all_reduce(const std::vector<Tensor>& ts, ReduceOp op) {
    if (ts.empty()) return;
    DType dtype = ts[0].dtype();
    if (ts.size() == 1) {
      reduce_in_place(ts[0].raw(), ts[0].nbytes() / dtype_size(dtype), dtype, op);
      return;
    }
    // Several tensors (a gradient bucket): one message, packed here on the communication thread.
    size_t total = 0;
    for (const Tensor& t : ts) total += t.nbytes();
    pack_.resize(total);
    size_t at = 0;
    for (const Tensor& t : ts) {
      std::memcpy(pack_.data() + at, t.raw(), t.nbytes());
      at += t.nbytes();
    }
    reduce_in_place(pack_.data(), total / dtype_size(dtype), dtype, op);
    at = 0;
    for (const Tensor& t : ts) {
      std::memcpy(t.raw(), pack_.data() + at, t.nbytes());
      at += t.nbytes();
    }
  }

  uint64_t submit(const char* name, std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mutex_);
    MSSAR_CHECK(!stopping_, "distributed: finalize() has run");
    MSSAR_CHECK(!broken_, "distributed: ", name, " on rank ", rank_, ": an earlier collective timed out; this process must exit");
    uint64_t id = next_id_++;
    queue_.push_back({id, name, std::move(fn)});
    cv_.notify_all();
    return id;
  }

  void run_sync(const char* name, std::function<void()> fn) { wait(submit(name, std::move(fn))); }

  void run() {
    std::string error = start();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      started_ = true;
      start_error_ = error;
      cv_.notify_all();
    }
    if (!error.empty()) return;
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) break;
        job = std::move(queue_.front());
        queue_.pop_front();
        running_ = job.name;
      }
      std::string failure;
      try {
        job.fn();
      } catch (const std::exception& e) {
        failure = e.what();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      done_[job.id] = Finished{std::move(failure), std::move(job.fn)};
      cv_.notify_all();
    }
    MPI_Finalize();
  }

  std::string start() {
    int provided = 0;
    int code = MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    if (code != MPI_SUCCESS) return cat("MPI_Init_thread failed: ", mpi_error(code));
    if (provided < MPI_THREAD_FUNNELED) {
      return cat("MPI provides thread level ", provided, ", need MPI_THREAD_FUNNELED (", MPI_THREAD_FUNNELED, ")");
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    MPI_Comm local;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &local) == MPI_SUCCESS) {
      MPI_Comm_rank(local, &local_rank_);
      MPI_Comm_size(local, &local_size_);
      MPI_Comm_free(&local);
    }
    char v[MPI_MAX_LIBRARY_VERSION_STRING] = {0};
    int len = 0;
    MPI_Get_library_version(v, &len);
    version_ = std::string(v, size_t(len));
    size_t comma = version_.find(',');
    if (comma != std::string::npos) version_.resize(comma);
    return "";
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_ && !thread_.joinable()) return;
      stopping_ = true;
      cv_.notify_all();
      // A thread stuck in a collective that timed out never returns: leave it to the process's end.
      if (broken_ && thread_.joinable()) {
        thread_.detach();
        return;
      }
    }
    if (thread_.joinable()) thread_.join();
  }

  struct Job {
    uint64_t id = 0;
    const char* name = "";
    std::function<void()> fn;
  };

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> queue_;
  struct Finished {
    std::string error;
    std::function<void()> fn;
  };
  std::map<uint64_t, Finished> done_;
  uint64_t next_id_ = 1;
  bool started_ = false;
  bool stopping_ = false;
  bool broken_ = false;  // a wait timed out
  double timeout_s_ = 1800;
  const char* running_ = "a collective";  // the collective the thread took last (names a timeout)
  std::string start_error_;
  std::vector<char> pack_;
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
  std::string version_;
};

}  // namespace

}  // namespace mssar

extern "C" {

__attribute__((visibility("default"))) mssar::Communicator* mssar_mpi_create(char* error, size_t error_len) {
  try {
    return new mssar::MpiCommunicator();
  } catch (const std::exception& e) {
    std::snprintf(error, error_len, "%s", e.what());
    return nullptr;
  }
}

__attribute__((visibility("default"))) int mssar_mpi_version(char* info, size_t info_len) {
  char v[MPI_MAX_LIBRARY_VERSION_STRING] = {0};
  int len = 0;
  MPI_Get_library_version(v, &len);
  std::string s(v, size_t(len));
  size_t comma = s.find(',');
  if (comma != std::string::npos) s.resize(comma);
  std::snprintf(info, info_len, "%s", s.c_str());
  return 0;
}

}
