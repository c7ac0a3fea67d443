# koa-reactor. `make run` starts the examples; `make test` runs every spec. Both install what they need.
SHELL := /bin/bash
BIN := node_modules/.bin
PORT ?= 8000
CLIENT := public/dist/reactor.js
APT_PACKAGES := redis-server chromium nginx-light postgresql
# better-sqlite3 (the examples' database) compiles from source with node-gyp
BUILD_PACKAGES := python3 make g++
CLUSTER_PACKAGES := redis-server nginx-light postgresql

# Installs the Debian packages of $(1) that are missing.
apt_install = missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

.PHONY: run test spec bench build install system check cluster clean docs

node_modules/.installed: package.json package-lock.json
	@$(call apt_install,$(BUILD_PACKAGES))
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: node_modules/.installed

# The client's sources: everything under public/, and the src/ files it shares with the server (found by its imports).
CLIENT_SOURCES := $(shell find public -name '*.ts' -not -path '*/dist/*') \
	$(patsubst %.js,%.ts,$(sort $(shell grep -rhoE "src/[a-z/-]+\.js" public --include='*.ts')))

$(CLIENT): $(CLIENT_SOURCES) | node_modules/.installed
	node scripts/build-client.js

# The package's compiled ESM, declarations and source maps. `npm ci` and `npm pack` build both through `prepare`
# (as npm does for a git dependency), so an install is not followed by a second build (order-only prerequisite).
dist/index.js: tsconfig.build.json $(shell find src -name '*.ts' -o -name '*.pug') | node_modules/.installed
	npm run --silent build:dist

build: $(CLIENT) dist/index.js

# Debian packages the specs use: a real Redis server, Chromium, nginx (cluster specs) and PostgreSQL.
system:
	@$(call apt_install,$(APT_PACKAGES))

check: install
	$(BIN)/tsc --noEmit -p . && $(BIN)/tsc --noEmit -p public

run: build
	PORT=$(PORT) $(BIN)/tsx --conditions=koa-reactor-source example/server.ts

# The documentation site (docs/site): its own toolchain (TypeDoc needs TypeScript 6), installed when its lockfile
# changes; the API reference from the TSDoc comments, then VitePress, which fails on a dead link.
SITE := docs/site
$(SITE)/node_modules/.installed: $(SITE)/package.json $(SITE)/package-lock.json
	cd $(SITE) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SITE)/.vitepress/dist/index.html: $(SITE)/node_modules/.installed $(shell find $(SITE) -name node_modules -prune -o -name dist -prune -o -name cache -prune -o -name api -prune -o -type f -print) SECURITY.md src/index.ts src/testing.ts $(shell find src -name '*.ts')
	cd $(SITE) && npm run --silent build

docs: $(SITE)/.vitepress/dist/index.html

test: system build check docs
	$(BIN)/mocha

# Some specs only: make spec SPECS='spec/diff.spec.ts spec/browser/todo.spec.ts'
spec: system build
	$(BIN)/mocha --config spec/support/some.mocharc.json $(SPECS)

bench: build
	$(BIN)/tsx bench/run.ts

# Postgres, Redis, three example nodes on 8001-8003 and nginx on 8080 (round robin, no sticky sessions); Ctrl-C
# or SIGTERM stops all.
cluster: build
	@$(call apt_install,$(CLUSTER_PACKAGES))
	scripts/cluster.sh

clean:
	rm -rf public/dist dist node_modules/.installed $(SITE)/.vitepress/dist $(SITE)/api $(SITE)/node_modules/.installed
