#!/usr/bin/env bash
# Builds the self-contained release: dist/tollgate-<version>-linux-<arch>.tar.gz holding a jlink'ed Java runtime
# (only the modules the gateway uses), the application jars, a start script, a sample config, a systemd unit and
# an AOT cache (JDK 25's ahead-of-time class loading and linking, trained on a short run) that cuts start-up.
# Called by `./tollgate dist` with JAVA_HOME set to a JDK >= 21; the build must be current.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "dist: $*" >&2; }

VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -n1)
ARCH=$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
NAME="tollgate-$VERSION-linux-$ARCH"
OUT="$ROOT/dist/$NAME"
rm -rf "$OUT" "$ROOT/dist/$NAME.tar.gz"
mkdir -p "$OUT"/{bin,lib,conf,systemd}

# The application: the server jar and its runtime classpath, flat in lib/.
cp "$ROOT"/server/target/tollgate-server-"$VERSION".jar "$OUT/lib/"
IFS=: read -r -a JARS < "$ROOT/server/target/classpath.txt" || true
cp "${JARS[@]}" "$OUT/lib/"

# The runtime: the modules jdeps finds, plus those reached only by reflection or service loading
# (JMX and JFR-backed JVM metrics, DNS via JNDI, the zip file system, elliptic-curve TLS on older JDKs).
MODULES=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release "$("$JAVA_HOME/bin/java" \
  -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')" \
  --class-path "$OUT/lib/*" "$OUT/lib/tollgate-server-$VERSION.jar" 2>/dev/null || true)
EXTRA=java.management,jdk.management,java.naming,jdk.naming.dns,jdk.zipfs,jdk.unsupported,java.net.http,jdk.crypto.ec
for m in ${EXTRA//,/ }; do
  "$JAVA_HOME/bin/java" --list-modules | grep -q "^$m@" || EXTRA=$(echo "$EXTRA" | sed "s/,\?$m//")
done
MODULES="${MODULES:+$MODULES,}$EXTRA"
log "jlink with $MODULES"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --output "$OUT/runtime" --strip-debug --no-man-pages \
  --no-header-files --compress zip-6

cat > "$OUT/bin/tollgate" <<'EOF'
#!/bin/sh
# Tollgate, self-contained: runs on the bundled Java runtime; no JDK needed on the machine.
#   tollgate run [--config FILE] [--port N]     the gateway (config and data/ in the working directory)
#   tollgate admin …                            the admin command line against a running gateway
# TOLLGATE_JAVA_OPTS replaces the default JVM flags; TOLLGATE_AOT=off runs without the AOT cache.
set -eu
HOME_DIR=$(cd "$(dirname "$0")/.." && pwd)
CP=$(ls "$HOME_DIR"/lib/*.jar | LC_ALL=C sort | tr '\n' ':')
AOT=""
# The AOT cache only fits this exact runtime and classpath; the JVM ignores it (with a warning) if they differ.
[ -f "$HOME_DIR/lib/tollgate.aot" ] && [ "${TOLLGATE_AOT:-on}" != off ] && AOT="-XX:AOTCache=$HOME_DIR/lib/tollgate.aot -Xlog:aot=off -Xlog:cds=off"
case "${1:-}" in
  admin) exec "$HOME_DIR/runtime/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$CP" dev.tollgate.server.Main "$@" ;;
  *) exec "$HOME_DIR/runtime/bin/java" --enable-native-access=ALL-UNNAMED \
       ${TOLLGATE_JAVA_OPTS:--XX:+UseZGC -Xms64m -XX:ZCollectionInterval=5 -XX:ZUncommitDelay=10 -XX:+ExitOnOutOfMemoryError} \
       $AOT -cp "$CP" dev.tollgate.server.Main "$@" ;;
esac
EOF
chmod +x "$OUT/bin/tollgate"

cp "$ROOT/server/src/main/resources/starter-config.yaml" "$OUT/conf/tollgate.yaml"
cat > "$OUT/systemd/tollgate.service" <<'EOF'
# Install: tar -xzf tollgate-*.tar.gz -C /opt && ln -s /opt/tollgate-* /opt/tollgate
#          useradd --system --home /var/lib/tollgate tollgate && mkdir -p /etc/tollgate /var/lib/tollgate
#          cp /opt/tollgate/conf/tollgate.yaml /etc/tollgate/ && chown -R tollgate: /var/lib/tollgate
#          cp /opt/tollgate/systemd/tollgate.service /etc/systemd/system/ && systemctl enable --now tollgate
[Unit]
Description=Tollgate AI gateway
After=network-online.target
Wants=network-online.target

[Service]
User=tollgate
WorkingDirectory=/var/lib/tollgate
# Secrets: TOLLGATE_SECRET_KEY, TOLLGATE_ADMIN_KEY, provider keys referenced as ${VAR} in the config.
EnvironmentFile=-/etc/tollgate/env
ExecStart=/opt/tollgate/bin/tollgate run --config /etc/tollgate/tollgate.yaml
# SIGTERM drains: readiness turns false, in-flight calls finish, usage is flushed.
KillSignal=SIGTERM
TimeoutStopSec=60
Restart=on-failure
RestartSec=2
LimitNOFILE=1048576
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
ReadWritePaths=/var/lib/tollgate
PrivateTmp=true

[Install]
WantedBy=multi-user.target
EOF
cp "$ROOT/README.md" "$OUT/"

# Train the AOT cache (JDK 24+): one short run of the gateway on the sample config with its simulator, a few
# calls of each kind, then a graceful stop; the JVM writes the cache at exit.
# (Never probe with an output of /dev/null: the JVM replaces the file it writes, and would replace the device.)
if "$OUT/runtime/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then
  TRAIN=$(mktemp -d); PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  SIMPORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  sed -e "s/port: 8080 /port: $PORT /; s/port: 8089/port: $SIMPORT/; s#127.0.0.1:8089#127.0.0.1:$SIMPORT#" \
    "$OUT/conf/tollgate.yaml" > "$TRAIN/tollgate.yaml"
  log "training the AOT cache"
  pushd "$TRAIN" >/dev/null
  TOLLGATE_AOT=off TOLLGATE_JAVA_OPTS="-XX:+UseZGC -XX:AOTCacheOutput=$OUT/lib/tollgate.aot -Xlog:aot=warning" \
    "$OUT/bin/tollgate" run --config "$TRAIN/tollgate.yaml" >"$TRAIN/out.log" 2>&1 &
  GW=$! # the JVM itself: the start script execs it
  popd >/dev/null
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.1; done
  [[ -f "$TRAIN/data/admin-key" ]] || { log "the gateway did not start:"; tail -n 20 "$TRAIN/out.log" >&2; kill "$GW"; exit 1; }
  ADMIN=$(cat "$TRAIN/data/admin-key")
  KEY=$(curl -fs "http://127.0.0.1:$PORT/admin/v1/keys" -H "authorization: Bearer $ADMIN" \
        -H 'content-type: application/json' -d '{"name":"train"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
  for _ in $(seq 1 20); do
    curl -fs "http://127.0.0.1:$PORT/v1/chat/completions" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]}' >/dev/null
    curl -fsN "http://127.0.0.1:$PORT/v1/chat/completions" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
      -d '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"hi"}]}' >/dev/null
    curl -fs "http://127.0.0.1:$PORT/v1/embeddings" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
      -d '{"model":"text-embedding-3-small","input":"hi"}' >/dev/null
  done
  curl -fs "http://127.0.0.1:$PORT/metrics" >/dev/null || true
  kill -TERM "$GW"; wait "$GW" || true
  [[ -f "$OUT/lib/tollgate.aot" ]] || { log "AOT training wrote no cache:"; tail -n 20 "$TRAIN/out.log" >&2; exit 1; }
  rm -rf "$TRAIN"
fi

tar -C "$ROOT/dist" -czf "$ROOT/dist/$NAME.tar.gz" "$NAME"
log "$(du -h "$ROOT/dist/$NAME.tar.gz" | cut -f1) dist/$NAME.tar.gz (runtime $(du -sh "$OUT/runtime" | cut -f1), lib $(du -sh "$OUT/lib" | cut -f1))"
echo "$ROOT/dist/$NAME.tar.gz"
