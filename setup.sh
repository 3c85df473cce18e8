#!/usr/bin/env bash
# PeakScope set-up: installs what the build and the tests need, idempotently.
#   bash setup.sh            system packages + Dear ImGui sources + npm test tooling
#   bash setup.sh fuzz       only what make fuzz needs: cmake, clang and its libFuzzer/sanitizer
#                            runtime, zlib, Eigen, nanoflann, doctest, fast_float (no ImGui, no npm)
# Only Debian's archive and npm are used. Nothing is downloaded when all is present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${PEAKSCOPE_BUILD:-$here/build}"

need_pkgs=(cmake make g++ emscripten nodejs npm libeigen3-dev libnanoflann-dev doctest-dev libfast-float-dev
           zlib1g-dev libhnswlib-dev chromium xz-utils dpkg-dev dataset-fashion-mnist)
# make fuzz: Debian 12's clang 14; libclang-rt-14-dev holds libclang_rt.fuzzer + ASan/UBSan runtimes.
fuzz_only=0
if [[ "${1:-}" == fuzz ]]; then
  fuzz_only=1
  need_pkgs=(cmake make clang-14 libclang-rt-14-dev zlib1g-dev libeigen3-dev libnanoflann-dev doctest-dev libfast-float-dev
             libhnswlib-dev)
fi
sudo_=""; [[ $(id -u) == 0 ]] || sudo_="sudo"

missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian (e.g. a preinstalled Node 20): accept working binaries.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"

imgui_dir="$build/third_party/imgui"
need_src=0; [[ -f "$imgui_dir/imgui.h" ]] || need_src=1
(( fuzz_only )) && need_src=0

if (( ${#missing[@]} > 0 || need_src )); then
  if (( need_src )) && ! grep -rqsE '^(Types: *deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "[setup] adding a deb-src entry for Debian bookworm (needed by 'apt-get source imgui')"
    $sudo_ tee /etc/apt/sources.list.d/peakscope-debsrc.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  fi
  echo "[setup] apt-get update"
  $sudo_ apt-get update -qq
fi
if (( ${#missing[@]} > 0 )); then
  echo "[setup] installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if (( need_src )); then
  echo "[setup] fetching Dear ImGui 1.86 sources with 'apt-get source imgui'"
  tmp="$build/third_party/.imgui-src"
  rm -rf "$tmp"; mkdir -p "$tmp"
  (cd "$tmp" && apt-get source --download-only imgui >/dev/null 2>&1 || apt-get source --download-only imgui)
  orig=$(ls "$tmp"/imgui_*.orig.tar.* | head -n 1)
  rm -rf "$imgui_dir"; mkdir -p "$imgui_dir"
  tar -xf "$orig" -C "$imgui_dir" --strip-components=1
  rm -rf "$tmp"
  [[ -f "$imgui_dir/imgui.h" ]] || { echo "[setup] ImGui sources not found in $orig" >&2; exit 1; }
fi

if (( fuzz_only )); then
  echo "[setup] ok (fuzz)"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if (( node_major < 20 )); then
  echo "[setup] warning: Node $(node --version 2>/dev/null) found; the browser tests' playwright-core needs Node >= 20" >&2
fi

# npm test tooling (playwright-core drives Debian's /usr/bin/chromium; no browser download)
if [[ ! -d "$here/node_modules/playwright-core" || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  echo "[setup] npm ci"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
echo "[setup] ok"
