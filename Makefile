# The two commands a newcomer needs (both install what is missing, at pinned versions):
#   make serve   set up, build and serve the app on http://127.0.0.1:8080 (PORT=8081 to change)
#   make test    set up and run every test (native, browser, release build, end-to-end)
.PHONY: serve test build bench bench-floor setup split-profile
PORT ?= 8080

serve:
	@PORT=$(PORT) bash scripts/serve.sh

test:
	@bash scripts/test.sh

# Extras: a release build into dist/, and the benchmarks (native and in headless chromium).
build:
	@bash scripts/setup.sh app && PATH="$$HOME/.cargo/bin:$$PWD/.tools/node_modules/.bin:$$PATH" trunk build --release && bash scripts/size.sh

bench:
	@bash scripts/bench.sh

# The fixed stack's own second visit (tests/floor), beside the app's (issue 25, item 4)
bench-floor:
	@bash scripts/floor_bench.sh

# After a change to what a first visit runs (e2e split.spec says when): a release build, then
# scripts/split/first.txt written from a profiled first visit in headless chromium.
split-profile:
	@bash scripts/setup.sh test && PATH="$$HOME/.cargo/bin:$$PWD/.tools/node_modules/.bin:$$PATH" trunk build --release --offline && cd tests/e2e && PATH="$$PWD/../../.tools/node_modules/.bin:$$PATH" node split_profile.mjs
