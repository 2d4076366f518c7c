#!/usr/bin/env bash
# build-otel.sh — builds the real OpenTelemetry Collector and Jaeger v2 that test/otelcol/ runs, from Go modules,
# and caches each binary under a directory named after its versions, so a second run (a warm CI) builds nothing.
#
#   bash scripts/build-otel.sh            # build what is missing, print where the binaries are
#   bash scripts/build-otel.sh --print    # print the paths only (KEY=path lines), build nothing
#
# Output (also on --print), one line each:  OTELCOL=/var/cache/mtatrace/otel/otelcol-…/otelcol-mtatrace
#                                           JAEGER=/var/cache/mtatrace/otel/jaeger-v1.75.0/jaeger
# The versions below are the ONLY place they are named; the tests read the paths from --print.
# Cache: $MTATRACE_OTEL_CACHE (default /var/cache/mtatrace/otel, outside the clone so CI runs share it); the Go
# module and build caches are Go's own (GOMODCACHE, GOCACHE). Exit 0 with a message when Go is absent (the
# tests then skip and say why); exit 1 when a build fails, which fails .ci/run. Limits: builds for the host's GOOS/GOARCH only; a half-written binary is
# never cached (each is built in a temporary directory and moved into place).
set -euo pipefail

# --- versions: one release of every collector module (core v0.x and v1.x go together, contrib follows core) ---
# v0.161.0 rather than v0.165.x: the module proxy serves no load-balancing exporter after v0.161.0, and the file
# exporter passed only up to v0.161.0 there; every collector module stays at that one release.
OTELCOL_CORE=v0.161.0          # go.opentelemetry.io/collector/... modules at 0.x, and the builder (ocb)
OTELCOL_CORE_STABLE=v1.67.0    # go.opentelemetry.io/collector/... modules at 1.x (released with OTELCOL_CORE)
OTELCOL_CONTRIB=v0.161.0       # github.com/open-telemetry/opentelemetry-collector-contrib/...
JAEGER=v1.75.0                 # github.com/jaegertracing/jaeger (v1.75.0 tags the Jaeger v2 binary)

CACHE=${MTATRACE_OTEL_CACHE:-/var/cache/mtatrace/otel}

core=go.opentelemetry.io/collector
contrib=github.com/open-telemetry/opentelemetry-collector-contrib
# The components collector-config/ and docs/scaling.md use (elasticsearch is left out: see test/otelcol/).
manifest() {
  cat <<EOF
dist:
  name: otelcol-mtatrace
  description: OpenTelemetry Collector built for mtatrace's tests
  output_path: $1
receivers:
  - gomod: $core/receiver/otlpreceiver $OTELCOL_CORE
processors:
  - gomod: $core/processor/batchprocessor $OTELCOL_CORE
  - gomod: $core/processor/memorylimiterprocessor $OTELCOL_CORE
exporters:
  - gomod: $core/exporter/otlpexporter $OTELCOL_CORE
  - gomod: $core/exporter/otlphttpexporter $OTELCOL_CORE
  - gomod: $core/exporter/debugexporter $OTELCOL_CORE
  - gomod: $contrib/exporter/fileexporter $OTELCOL_CONTRIB
  - gomod: $contrib/exporter/loadbalancingexporter $OTELCOL_CONTRIB
extensions:
  - gomod: $contrib/extension/storage/filestorage $OTELCOL_CONTRIB
  - gomod: $contrib/extension/healthcheckextension $OTELCOL_CONTRIB
providers:
  - gomod: $core/confmap/provider/envprovider $OTELCOL_CORE_STABLE
  - gomod: $core/confmap/provider/fileprovider $OTELCOL_CORE_STABLE
  - gomod: $core/confmap/provider/yamlprovider $OTELCOL_CORE_STABLE
replaces:
  # The load-balancing exporter's AWS Cloud Map resolver wants servicediscovery v1.48.0, which the module proxy
  # here does not serve; v1.40.2 is served and has the same DiscoverInstances API. Only that resolver uses it.
  - github.com/aws/aws-sdk-go-v2/service/servicediscovery => github.com/aws/aws-sdk-go-v2/service/servicediscovery v1.40.2
EOF
}

key=$(manifest OUT | sha256sum | cut -c1-12)   # a changed component list is a new cache entry
otelcol_dir=$CACHE/otelcol-$OTELCOL_CORE-$OTELCOL_CONTRIB-$key
jaeger_dir=$CACHE/jaeger-$JAEGER
OTELCOL_BIN=$otelcol_dir/otelcol-mtatrace
JAEGER_BIN=$jaeger_dir/jaeger

print() { echo "OTELCOL=$OTELCOL_BIN"; echo "JAEGER=$JAEGER_BIN"; echo "OTELCOL_VERSION=$OTELCOL_CORE/$OTELCOL_CONTRIB"; echo "JAEGER_VERSION=$JAEGER"; }
if [[ ${1:-} == --print ]]; then print; exit 0; fi

if ! command -v go >/dev/null; then
  echo "build-otel: no Go toolchain on PATH: nothing built; the real Collector/Jaeger tests (test/otelcol) will be skipped" >&2
  exit 0
fi

# Go keeps its module and build caches under $HOME; a CI environment without HOME gets them beside the binaries.
[[ -n ${HOME:-} ]] || export GOPATH=$CACHE/gopath GOCACHE=$CACHE/gocache

# A shared 2-core machine: two compile jobs, no more threads than cores, low priority, no VCS stamping.
export GOMAXPROCS=${GOMAXPROCS:-2}
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-p=2 -buildvcs=false -trimpath"
export CGO_ENABLED=0
ldflags="-s -w"
mkdir -p "$CACHE"

build_jaeger() {
  [[ -x $JAEGER_BIN ]] && { echo "build-otel: jaeger $JAEGER cached" >&2; return; }
  local tmp t0=$SECONDS; tmp=$(mktemp -d)
  echo "build-otel: building jaeger $JAEGER (cold: several minutes)" >&2
  (cd "$tmp" && go mod init mtatrace-jaeger-build >/dev/null 2>&1 &&
    nice go get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER" &&
    nice go build -ldflags="$ldflags" -o "$tmp/jaeger" github.com/jaegertracing/jaeger/cmd/jaeger)
  mkdir -p "$jaeger_dir" && mv "$tmp/jaeger" "$JAEGER_BIN.partial" && mv "$JAEGER_BIN.partial" "$JAEGER_BIN"
  rm -rf "$tmp"
  echo "build-otel: jaeger built in $((SECONDS - t0)) s" >&2
}

build_otelcol() {
  [[ -x $OTELCOL_BIN ]] && { echo "build-otel: otelcol $OTELCOL_CORE/$OTELCOL_CONTRIB cached" >&2; return; }
  local tmp t0=$SECONDS; tmp=$(mktemp -d)
  echo "build-otel: building the collector builder and otelcol $OTELCOL_CORE/$OTELCOL_CONTRIB (cold: several minutes)" >&2
  GOBIN=$tmp/bin nice go install "$core/cmd/builder@$OTELCOL_CORE"
  manifest "$tmp/dist" >"$tmp/builder.yaml"
  (cd "$tmp" && nice "$tmp/bin/builder" --config="$tmp/builder.yaml" --ldflags="$ldflags")
  mkdir -p "$otelcol_dir" && cp "$tmp/builder.yaml" "$otelcol_dir/builder.yaml"
  mv "$tmp/dist/otelcol-mtatrace" "$OTELCOL_BIN.partial" && mv "$OTELCOL_BIN.partial" "$OTELCOL_BIN"
  rm -rf "$tmp"
  echo "build-otel: otelcol built in $((SECONDS - t0)) s" >&2
}

case ${1:-all} in
  jaeger) build_jaeger ;;
  otelcol) build_otelcol ;;
  all) build_otelcol; build_jaeger ;;
  *) echo "usage: build-otel.sh [--print|all|jaeger|otelcol]" >&2; exit 2 ;;
esac
print
