# PeakScope — the two commands (see README.md):
#   make serve   set up, build the WebAssembly app and serve it on http://127.0.0.1:$(PORT)/
#   make test    set up, build native + wasm, run every test (unit native + wasm, JS API, browser)
# Others: make native | native-tuned | test-tuned | wasm | test-native | test-wasm | test-reference | bench |
#         bench-web | bench-large | fuzz | tutorial2-data | clean
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
export NODE_PATH := /usr/share/nodejs
PORT ?= 8080

.PHONY: setup native native-tuned test-tuned native-debug wasm serve test test-native test-wasm test-asan test-reference bench bench-web clean

setup:
	@bash setup.sh

native: setup
	@cmake --preset native >/dev/null
	@cmake --build --preset native

# -march=native build for benchmarks; `make test-tuned` runs its unit tests (CI does both builds).
native-tuned: setup
	@cmake --preset native-tuned >/dev/null
	@cmake --build --preset native-tuned

test-tuned: native-tuned
	@ctest --preset native-tuned -LE reference

native-debug: setup
	@cmake --preset native-debug >/dev/null
	@cmake --build --preset native-debug

wasm: setup
	@cmake --preset wasm >/dev/null
	@cmake --build --preset wasm

serve: wasm
	@node web/serve.mjs build/wasm/site $(PORT)

test-native: native
	@ctest --preset native -LE reference

test-asan: native-debug
	@ctest --preset native-debug -LE reference

test-wasm: wasm
	@ctest --preset wasm -LE reference

test: test-native test-wasm

# Agreement with ground truth / the reference package on ../shared/datasets (not in a user's clone).
test-reference: native
	@test -n "$$(grep -E '^PEAKSCOPE_REFERENCE_DATA:PATH=.+' build/native/CMakeCache.txt)" \
	  || { echo "no reference data folder (../shared/datasets): nothing to run"; exit 1; }
	@ctest --preset native -L reference

bench: native-tuned wasm
	@mkdir -p build/bench-data
	@build/native-tuned/peakscope bench --save build/bench-data
	@python3 tests/bench/reference.py build/bench-data
	@node --no-experimental-fetch build/wasm/peakscope_cli.js bench

# A million points natively (issue #12): 1M × 10 exact; 1M × 128 activation-like with HNSW (recall);
# exact vs HNSW on a 100,000-row subsample (ID, peaks, ARI); peak memory. About 10–20 min on 2 cores.
.PHONY: bench-large
bench-large: native-tuned
	@build/native-tuned/peakscope bench-large

# In headless Chromium: page open → first result, Z re-merge, N = 20,000 pipeline (Tutorial 1);
# six layers from kNN graphs and a 3,000 × 512 graph build (Tutorial 2).
bench-web: wasm
	@PEAKSCOPE_SITE=build/wasm/site node tests/web/bench_page.mjs
	@PEAKSCOPE_SITE=build/wasm/site node tests/web/bench_layers.mjs

clean:
	rm -rf build

# Tutorial 2 data (demos/cnn): trains the CNNs on Fashion-MNIST (Debian's dataset-fashion-mnist) and
# rewrites demos/data/tutorial2 (small CNN, plain images; several minutes on 2 cores) and
# demos/data/tutorial2/cluttered (deep CNN, cluttered images, seeds T2_SEEDS: about 20 min per seed
# on 2 cores, then the export) bit-for-bit (same CPU type; any thread count). Trained seeds are kept
# in $(T2_PARAMS) and not trained again (delete the folder to retrain).
.PHONY: tutorial2-data tutorial2-plain tutorial2-cluttered
T2_BUILD ?= build/tutorial2
T2_PARAMS ?= build/tutorial2-deep
T2_SEEDS ?= 1 2 3
T2_EPOCHS ?= 3
tutorial2-data: tutorial2-plain tutorial2-cluttered
tutorial2-plain: setup
	@cmake -S . -B $(T2_BUILD) -DCMAKE_BUILD_TYPE=Release -DPEAKSCOPE_TESTS=OFF -DPEAKSCOPE_NATIVE_ARCH=ON >/dev/null
	@cmake --build $(T2_BUILD) --target peakscope_tutorial2 -j2
	@$(T2_BUILD)/peakscope_tutorial2 --out demos/data/tutorial2
tutorial2-cluttered: setup
	@cmake -S . -B $(T2_BUILD) -DCMAKE_BUILD_TYPE=Release -DPEAKSCOPE_TESTS=OFF -DPEAKSCOPE_NATIVE_ARCH=ON >/dev/null
	@cmake --build $(T2_BUILD) --target peakscope_tutorial2 -j2
	@for s in $(T2_SEEDS); do \
	  last=$$(( $(T2_EPOCHS) * 938 )); \
	  if [ ! -f $(T2_PARAMS)/seed$$s/step$$last.f32 ]; then \
	    $(T2_BUILD)/peakscope_tutorial2 train --seed $$s --epochs $(T2_EPOCHS) --params $(T2_PARAMS) || exit 1; \
	  fi; \
	done
	@first=$$(echo $(T2_SEEDS) | cut -d' ' -f1); \
	for s in $(T2_SEEDS); do \
	  if [ $$s = $$first ]; then cmd=export; else cmd=measure; fi; \
	  $(T2_BUILD)/peakscope_tutorial2 $$cmd --seed $$s --epochs $(T2_EPOCHS) --params $(T2_PARAMS) \
	    --out demos/data/tutorial2/cluttered || exit 1; \
	done
	@$(T2_BUILD)/peakscope_tutorial2 summary --seeds $$(echo $(T2_SEEDS) | tr ' ' ',') --params $(T2_PARAMS) \
	  --out demos/data/tutorial2/cluttered

# libFuzzer targets (tests/fuzz: readers, inflate vs zlib, numbers vs strtod, analysis on points and
# kNN tables) under ASan + UBSan, built with Debian's clang in their own tree, each run for
# FUZZ_SECONDS from the committed seed corpus. `bash setup.sh fuzz` installs clang + its runtime.
.PHONY: fuzz
FUZZ_SECONDS ?= 60
FUZZ_BUILD ?= build/fuzz
FUZZ_TARGETS := fuzz_text fuzz_npy fuzz_npz fuzz_inflate fuzz_numbers fuzz_analysis fuzz_graph
fuzz:
	@bash setup.sh fuzz
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DPEAKSCOPE_FUZZ=ON -DPEAKSCOPE_TESTS=OFF -DPEAKSCOPE_NATIVE_ARCH=OFF -DCMAKE_DISABLE_FIND_PACKAGE_OpenMP=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j2 --target $(FUZZ_TARGETS)
	@bash tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
