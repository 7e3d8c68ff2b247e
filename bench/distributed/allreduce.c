/* Open MPI's own all-reduce figure for bench/distributed.ts: MPI_Allreduce (sum, float, in place)
 * of 1 to 64 MB, the median of `reps` calls after a warm-up; prints "MB seconds" per size. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int reps = argc > 1 ? atoi(argv[1]) : 10;
  for (int mb = 1; mb <= 64; mb *= 2) {
    size_t n = (size_t)mb * 1024 * 1024 / sizeof(float);
    float* buf = malloc(n * sizeof(float));
    for (size_t i = 0; i < n; i++) buf[i] = 1.0f;
    MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    double* t = malloc(sizeof(double) * (size_t)reps);
    for (int r = 0; r < reps; r++) {
      MPI_Barrier(MPI_COMM_WORLD);
      double t0 = MPI_Wtime();
      MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
      t[r] = MPI_Wtime() - t0;
    }
    qsort(t, (size_t)reps, sizeof(double), cmp);
    if (rank == 0) printf("%d %.9f\n", mb, t[reps / 2]);
    free(t);
    free(buf);
  }
  MPI_Finalize();
  return 0;
}
