#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine: installs Chromium for the browser tests when
# it is missing, restores tools and packages, checks the three migration sets, builds, starts throw-away
# PostgreSQL and Redis servers on loopback (scripts/services.sh), runs every test on the embedded default
# and the API and realtime tests once more on PostgreSQL, then stops the servers.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the Playwright tests..."
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

dotnet tool restore
dotnet restore TicketPortal.sln
# Analyzer and compiler warnings fail CI (.editorconfig says which rules apply and why some do not).
dotnet build TicketPortal.sln --no-restore -warnaserror

# Every model change needs a migration for each provider (EF refuses to migrate otherwise).
for ctx in SqlitePortalDbContext SqlServerPortalDbContext PostgreSqlPortalDbContext; do
  dotnet ef migrations has-pending-model-changes --no-build \
    --project TicketPortal.Domain --startup-project TicketPortal.Domain --context "$ctx"
done

# The API contract: docs/openapi/v1.json (kept equal to the served document by OpenApiContractTests) passes
# Redocly's recommended rules (redocly.yaml says which rule is off and why). npm fetches the pinned CLI.
if ! command -v node >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null || true
fi
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
  npx --yes @redocly/cli@2.77.0 lint docs/openapi/v1.json --config redocly.yaml --format=summary
else
  echo "WARNING: the OpenAPI lint needs Node.js 20 or later, which this machine lacks; docs/openapi/v1.json was not linted." >&2
fi

# PostgreSQL and Redis for the multi-instance tests and the PostgreSQL pass (TEST_POSTGRES, TEST_REDIS).
eval "$(bash scripts/services.sh start)"
trap 'bash scripts/services.sh stop "$PORTAL_SERVICES_DIR"' EXIT

log=$(mktemp)
dotnet test TicketPortal.sln --no-build --logger "console;verbosity=normal" "$@" | tee "$log"
# The API and realtime tests again, each portal on a fresh PostgreSQL database. Tests that start their own
# portal process (Host=Process) are about start-up settings, not the database: they ran above.
TEST_DATABASE_PROVIDER=PostgreSql dotnet test TicketPortal.sln --no-build --logger "console;verbosity=normal" \
  --filter "FullyQualifiedName~TicketPortal.Tests.Api&Host!=Process" "$@" | tee -a "$log"
# One plain closing line for CI readers: "N passed, N failed".
awk '/^ +Passed: +[0-9]+$/ {p += $2} /^ +Failed: +[0-9]+$/ {f += $2} END {printf "%d passed, %d failed\n", p, f}' "$log"
