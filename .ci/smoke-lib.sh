# Shared by .ci/image-check and .ci/package-check: what a started Warden must do, however it was
# installed. The caller defines `warden` (runs the CLI where that Warden is installed, with its
# environment) and `check` (the name printed with each step).

say() { printf '%s: %s\n' "$check" "$*" >&2; }
fail() { printf '%s: FAIL: %s\n' "$check" "$*" >&2; exit 1; }

# free_port: a TCP port nothing listens on now.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# wait_ready URL SECONDS PID: /readyz answers 200, while PID still runs.
wait_ready() {
  local i code
  for i in $(seq 1 "$2"); do
    kill -0 "$3" 2>/dev/null || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1/readyz" || true)
    [ "$code" = 200 ] && return 0
    sleep 1
  done
  return 1
}

# check_console URL: the built console at / (no build happened at install).
check_console() {
  local page
  page=$(curl -sf "$1/") || fail "GET / failed"
  grep -q '<title>Warden</title>' <<<"$page" || fail "GET / is not the console: $(head -c 200 <<<"$page")"
  grep -q 'id="root"' <<<"$page" || fail "GET / has no console root element"
  local asset
  asset=$(grep -o '/assets/index-[^"]*\.js' <<<"$page" | head -1)
  [ -n "$asset" ] && curl -sf -o /dev/null "$1$asset" || fail "the console's script $asset is not served"
  say "console at / with its assets: ok"
}

# bootstrap_and_use URL: `warden bootstrap` prints a token that works, through curl and the CLI.
# Sets TOKEN.
bootstrap_and_use() {
  local url=$1 out
  out=$(warden bootstrap --json) || fail "warden bootstrap failed"
  TOKEN=$(node -e 'console.log(JSON.parse(process.argv[1]).token)' "$out")
  [[ "$TOKEN" == wdn_* ]] || fail "bootstrap printed no token"
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url/api/users/me")" = 200 ] || fail "the bootstrap token is refused"
  say "bootstrap token works with curl: ok"
  export WARDEN_URL=$url WARDEN_TOKEN=$TOKEN
  warden whoami >/dev/null || fail "warden whoami"
  warden users create-service "Smoke Pipeline" --purpose "CI smoke test" >/dev/null || fail "warden users create-service"
  warden tokens create --for smoke_pipeline@service --name smoke --expires 30 --secret-only >/dev/null || fail "warden tokens create"
  warden users list >/dev/null || fail "warden users list"
  warden tokens list --service >/dev/null || fail "warden tokens list"
  warden teams list >/dev/null || fail "warden teams list"
  warden datastores list >/dev/null || fail "warden datastores list"
  warden audit list --limit 5 >/dev/null || fail "warden audit list"
  warden audit verify >/dev/null || fail "warden audit verify"
  warden reviews list >/dev/null || fail "warden reviews list"
  warden webhooks list >/dev/null || fail "warden webhooks list"
  warden authorize users.manage >/dev/null || fail "warden authorize"
  warden api GET /api/info >/dev/null || fail "warden api"
  warden doctor >/dev/null || fail "warden doctor"
  warden completion bash >/dev/null || fail "warden completion"
  unset WARDEN_URL WARDEN_TOKEN
  say "CLI commands against it: ok"
}

# commands_of ARGS…: the commands `warden ARGS… --help` lists (help itself left out).
commands_of() {
  warden "$@" --help | awk '/^[A-Za-z].*:$/ {inlist = /ommands/; next} inlist && /^  [a-z]/ {print $1}' | sed 's/|.*//' | grep -vx help | sort -u
}

# help_of_every_command [top]: `--help` of every command and subcommand (with `top`: of every
# command only): each one loads and parses.
help_of_every_command() {
  local commands c sub n=0 depth=${1:-all}
  commands=$(commands_of)
  [ "$(wc -w <<<"$commands")" -ge 10 ] || fail "warden --help lists too few commands: $commands"
  for c in $commands; do
    warden "$c" --help >/dev/null || fail "warden $c --help"
    n=$((n + 1))
    [ "$depth" = top ] && continue
    for sub in $(commands_of "$c"); do
      warden "$c" "$sub" --help >/dev/null || fail "warden $c $sub --help"
      n=$((n + 1))
    done
  done
  say "--help of every $([ "$depth" = top ] && echo command || echo 'command and subcommand') ($n): ok"
}
