"""What the PyTorch benchmark scripts share: the fastest of several timed calls."""
import time


def best_of_ms(fn, reps, warmups):
    """The fastest of `reps` timed calls of fn, in milliseconds, after `warmups` untimed ones: on a
    shared machine the other processes only ever add time."""
    for _ in range(warmups):
        fn()
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - t0) * 1e3)
    return best
