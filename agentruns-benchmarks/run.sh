#!/usr/bin/env bash
# Builds the benchmark jar and runs the suite: ./agentruns-benchmarks/run.sh [quick|full] [--only plan,...] [--impl regex]
# JMH's JSON results and summary.md go to agentruns-benchmarks/results/<profile>/, the plots there
# too, or for the full profile to docs/benchmarks/. PostgreSQL and MariaDB implementations run when
# their servers answer (see docs/benchmarks.md for the variables that point at them).
set -euo pipefail

cd "$(dirname "$0")/.."
profile="${1:-quick}"
shift || true

./mvnw -q -B -pl agentruns-benchmarks -am package -DskipTests

results="agentruns-benchmarks/results"
# The full profile's plots are the ones docs/benchmarks.md shows; other runs keep theirs beside their results.
plots="$results/$profile"
if [ "$profile" = full ]; then
    plots=docs/benchmarks
fi
java -Dagentruns.bench.dir="$results/data" -Dagentruns.bench.plots="$plots" \
    -jar agentruns-benchmarks/target/benchmarks.jar "$profile" --out "$results/$profile" "$@"
