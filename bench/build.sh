# Sourced by the bench scripts, from the repository's root.
# bench_build TARGET...: configures a Release build with the benchmarks in
# build/bench unless BUILD names a build directory configured with
# -DAUTOMOCK_BUILD_BENCHMARKS=ON, then builds TARGET... there unless
# SKIP_BUILD is set (to compare two builds as they are, A then B). Leaves the
# directory in $build.
bench_build() {
  build=${BUILD:-build/bench}
  if [ -z "${BUILD:-}" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOMOCK_BUILD_BENCHMARKS=ON \
      -DAUTOMOCK_BUILD_TESTS=OFF -DAUTOMOCK_BUILD_EXAMPLES=OFF >/dev/null
  fi
  if [ -z "${SKIP_BUILD:-}" ]; then
    cmake --build "$build" -j2 --target "$@" >/dev/null
  fi
}
