#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing (Debian's chromium for the browser
# tests), runs every test project, and ends with one line "N passed, N failed" summed over the projects.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The tests need the .NET 10 SDK (dotnet) on PATH." >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null \
    || { echo "Could not install chromium (apt-get install chromium); the browser tests cannot run." >&2; exit 1; }
fi

dotnet tool restore >/dev/null || exit 1

log=$(mktemp)
dotnet test CasPortal.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# VSTest prints one summary line per test project:
#   "Passed!  - Failed:     0, Passed:    25, Skipped:     0, Total:    25, Duration: …"
passed=0 failed=0 projects=0
while read -r line; do
  f=$(sed -E 's/.*Failed:[[:space:]]*([0-9]+).*/\1/' <<<"$line")
  p=$(sed -E 's/.*Passed:[[:space:]]*([0-9]+).*/\1/' <<<"$line")
  failed=$((failed + f)); passed=$((passed + p)); projects=$((projects + 1))
done < <(grep -E '^(Passed|Failed)!' "$log")
rm -f "$log"

if [ "$projects" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test project reported a result." >&2
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A build error or a crashed test host: count it so the closing line never reads as green.
  failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
