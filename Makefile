# The two commands a user needs: `make demo` and `make test`. Both set up what is missing first:
# Debian packages with apt-get, Python packages from PyPI into .venv, then build incrementally.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
DEB_PACKAGES := libleveldb-dev nlohmann-json3-dev libgtest-dev zlib1g-dev clang-format
CPP_BUILD := build/cpp
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CPP_SOURCES := $(shell find cpp cmake -type f 2>/dev/null) CMakeLists.txt
PY_SOURCES := $(shell find python -type f -name '*.py' 2>/dev/null) pyproject.toml

.PHONY: demo test setup build cpp-test py-test lint format clean bench fuzz stress

demo: build
	$(VPY) docs/examples/quickstart.py

test: build lint cpp-test py-test

setup: $(VENV)/.deps-stamp

# Debian packages: only apt-get when one is missing.
$(VENV)/.deb-stamp: Makefile
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@

$(VENV)/.deps-stamp: $(VENV)/.deb-stamp
	@[ -x $(VPY) ] || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q "scikit-build-core>=0.11" "pybind11>=3.0" cmake ninja \
	  boto3==1.44.5 botocore==1.44.5 "moto[dynamodb]==5.2.5" pytest==9.2.0 ruff==0.17.5 mypy==2.4.1
	@touch $@

# The extension, installed editable: Python files are used in place, C++ changes rebuild here.
$(VENV)/.build-stamp: $(VENV)/.deps-stamp $(CPP_SOURCES) pyproject.toml
	$(VPY) -m pip install -q --no-build-isolation --no-deps -e . \
	  -Cbuild.verbose=false -Ccmake.define.DYNAFAKE_BUILD_TESTS=OFF
	@touch $@

# The GoogleTest suites, built beside (not inside) the wheel.
$(CPP_BUILD)/.stamp: $(VENV)/.deps-stamp $(CPP_SOURCES)
	PATH=$(abspath $(VENV))/bin:$$PATH cmake -S . -B $(CPP_BUILD) -G Ninja \
	  -DDYNAFAKE_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	PATH=$(abspath $(VENV))/bin:$$PATH cmake --build $(CPP_BUILD) -j $(JOBS)
	@touch $@

build: $(VENV)/.build-stamp $(CPP_BUILD)/.stamp

cpp-test: $(CPP_BUILD)/.stamp
	PATH=$(abspath $(VENV))/bin:$$PATH ctest --test-dir $(CPP_BUILD) --output-on-failure -j $(JOBS)

# The suite runs twice: answered at botocore's before-call (the fast path), and forced through the
# wire path, so both must give the same results.
py-test: $(VENV)/.build-stamp
	$(VPY) -m pytest -q
	DYNAFAKE_FORCE_WIRE=1 $(VPY) -m pytest -q -x

lint: $(VENV)/.deps-stamp
	$(VENV)/bin/ruff check python tests docs/examples
	$(VENV)/bin/ruff format --check python tests docs/examples
	$(VENV)/bin/mypy
	git ls-files 'cpp/*.cc' 'cpp/*.h' | xargs clang-format --dry-run --Werror
	$(VPY) tests/tools/check_layers.py
	$(VPY) tests/tools/check_file_size.py

# Benchmarks are scripts and programs run by hand; each prints its figures and its targets.
bench: build
	PATH=$(abspath $(VENV))/bin:$$PATH cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DDYNAFAKE_BUILD_BENCHMARKS=ON >/dev/null
	PATH=$(abspath $(VENV))/bin:$$PATH cmake --build build/bench -j $(JOBS) \
	  --target expr_bench query_page_bench transaction_locking_bench
	build/bench/cpp/expr/expr_bench
	$(VPY) tests/benchmarks/bench_item_ops.py
	build/bench/cpp/engine/query_page_bench
	$(VPY) tests/benchmarks/bench_query_scaling.py
	build/bench/cpp/txn/transaction_locking_bench
	$(VPY) tests/benchmarks/bench_transact_write.py
	$(VPY) tests/benchmarks/bench_stream_put.py
	$(VPY) tests/benchmarks/bench_capacity_tracking.py
	$(VPY) tests/benchmarks/bench_persistence.py
	$(VPY) tests/benchmarks/bench_restore.py

# The expression fuzzer: libFuzzer with ASan and UBSan, built with Debian's clang in its own build
# directory (only the modules it links), run for FUZZ_SECONDS on a copy of the seed corpus. Any
# crash, broken invariant, leak, timeout or out-of-memory fails; the input is kept in
# $(FUZZ_BUILD)/crashes/ and printed.
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build/fuzz
FUZZ_DEB_PACKAGES := clang libclang-rt-14-dev
FUZZ_DIR := cpp/expr/fuzz
FUZZ_BIN := $(FUZZ_BUILD)/cpp/expr/expression_fuzzer
FUZZ_FLAGS := -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=5 -rss_limit_mb=2048 \
  -dict=$(FUZZ_DIR)/expression.dict -artifact_prefix=$(FUZZ_BUILD)/crashes/ -print_final_stats=1

$(VENV)/.fuzz-deb-stamp: Makefile
	@missing=""; for p in $(FUZZ_DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@

$(FUZZ_BUILD)/.stamp: $(VENV)/.deps-stamp $(VENV)/.fuzz-deb-stamp $(CPP_SOURCES)
	PATH=$(abspath $(VENV))/bin:$$PATH cmake -S . -B $(FUZZ_BUILD) -G Ninja \
	  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DDYNAFAKE_BUILD_FUZZERS=ON -DDYNAFAKE_WITH_LEVELDB=OFF >/dev/null
	PATH=$(abspath $(VENV))/bin:$$PATH cmake --build $(FUZZ_BUILD) --target expression_fuzzer -j $(JOBS)
	@touch $@

fuzz: $(FUZZ_BUILD)/.stamp
	@rm -rf $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/crashes
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/crashes
	@cp $(FUZZ_DIR)/corpus/* $(FUZZ_BUILD)/corpus/
	@echo "fuzzing the expression front end for $(FUZZ_SECONDS) s (log: $(FUZZ_BUILD)/fuzz.log)"
	@if $(FUZZ_BIN) $(FUZZ_FLAGS) $(FUZZ_BUILD)/corpus >$(FUZZ_BUILD)/fuzz.log 2>&1; then \
	  grep -E '^(stat::|Done )' $(FUZZ_BUILD)/fuzz.log; grep -E '^#[0-9]+' $(FUZZ_BUILD)/fuzz.log | tail -n 1; \
	else \
	  grep -v -E '^#[0-9]+' $(FUZZ_BUILD)/fuzz.log | tail -n 150; echo "fuzz: FAILED"; exit 1; \
	fi

# The transaction stress test under ThreadSanitizer, in its own build directory (only the test it
# runs), for STRESS_SECONDS: writer threads move money between accounts with TransactWriteItems
# while reader threads check the total with TransactGetItems. A data race, a lock-order inversion,
# a changed total or a thread still running 30 s after the end (a deadlock) fails.
#
# Under -fsanitize=thread GCC 12 reports -Wmaybe-uninitialized falsely (Result destructors after
# DF_ASSIGN_OR_RETURN) and -Wtsan for every std::atomic_thread_fence, which ThreadSanitizer does not
# model; both stay warnings here, so CI's -Werror does not stop this build.
STRESS_SECONDS ?= 5
STRESS_BUILD := build/stress
STRESS_BIN := $(STRESS_BUILD)/cpp/engine/transaction_stress_test

$(STRESS_BUILD)/.stamp: $(VENV)/.deps-stamp $(CPP_SOURCES)
	PATH=$(abspath $(VENV))/bin:$$PATH cmake -S . -B $(STRESS_BUILD) -G Ninja \
	  -DDYNAFAKE_BUILD_TESTS=ON -DDYNAFAKE_SANITIZE=thread -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DDYNAFAKE_WITH_LEVELDB=OFF -DCMAKE_CXX_FLAGS="-Wno-error=maybe-uninitialized -Wno-error=tsan" \
	  >/dev/null
	PATH=$(abspath $(VENV))/bin:$$PATH cmake --build $(STRESS_BUILD) --target transaction_stress_test -j $(JOBS)
	@touch $@

stress: $(STRESS_BUILD)/.stamp
	@echo "transactions under load with ThreadSanitizer for $(STRESS_SECONDS) s"
	DYNAFAKE_STRESS_SECONDS=$(STRESS_SECONDS) TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  $(STRESS_BIN)

clean:
	rm -rf build $(VENV)
