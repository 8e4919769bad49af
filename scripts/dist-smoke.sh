#!/usr/bin/env bash
# Checks a release tarball the way a user installs it: unpacked somewhere else, started with an environment that
# has no JAVA_HOME and only the system PATH (the machine's default java is too old for Tollgate, so only the bundled
# runtime can work), then a key, a call, a streamed call and a graceful stop.
set -euo pipefail
TARBALL=$1
log() { echo "[dist-smoke] $*" >&2; }
WORK=$(mktemp -d); trap 'kill "${GW:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
tar -xzf "$TARBALL" -C "$WORK"
HOME_DIR=$(echo "$WORK"/tollgate-*/)
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
PORT=$(port); SIMPORT=$(port)
mkdir "$WORK/run"
sed -e "s/port: 8080 /port: $PORT /; s/port: 8089/port: $SIMPORT/; s#127.0.0.1:8089#127.0.0.1:$SIMPORT#" \
  "$HOME_DIR/conf/tollgate.yaml" > "$WORK/run/tollgate.yaml"
cd "$WORK/run"
START=$(date +%s%N)
env -i HOME="$WORK" PATH=/usr/bin:/bin "$HOME_DIR/bin/tollgate" run --config "$WORK/run/tollgate.yaml" > gateway.log 2>&1 &
GW=$!
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.05; done
curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null || { tail -n 30 gateway.log >&2; exit 1; }
log "ready in $(( ($(date +%s%N) - START) / 1000000 )) ms"
KEY=$(curl -fs "http://127.0.0.1:$PORT/admin/v1/keys" -H "authorization: Bearer $(cat data/admin-key)" \
      -H 'content-type: application/json' -d '{"name":"smoke"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[[ $KEY == tg-* ]] || { log "no key"; exit 1; }
curl -fs "http://127.0.0.1:$PORT/v1/chat/completions" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' | grep -q '"chat.completion"'
curl -fsN "http://127.0.0.1:$PORT/v1/chat/completions" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}' | tail -n 2 | grep -q 'data: \[DONE\]'
# the web console rides in the server jar (when the build had Node.js): its page and its script
if curl -fs "http://127.0.0.1:$PORT/console/" -o console.html; then
  ASSET=$(sed -n 's|.*src="\(/console/assets/[^"]*\.js\)".*|\1|p' console.html)
  curl -fs "http://127.0.0.1:$PORT$ASSET" -o /dev/null || { log "console script $ASSET missing"; exit 1; }
else
  log "no web console in this build (no Node.js when it was built)"
fi
kill -TERM "$GW"; STATUS=0; wait "$GW" || STATUS=$?; GW=""
[[ $STATUS -eq 0 || $STATUS -eq 143 ]] || { log "stopped with status $STATUS"; tail -n 30 gateway.log >&2; exit 1; }
log "ok: $(basename "$TARBALL") runs without a JDK"
