#!/usr/bin/env bash
# Real clients against the course: the built jars of Service A, Service B and the gateway on free loopback ports,
# then curl (HTTP/1.0, Expect: 100-continue, a chunked upload, HEAD, HTTP/2 with and without prior knowledge, an
# oversized head), a Node.js WebSocket client offering permessage-deflate, and headless Chromium (a WebSocket and
# cross-origin requests from a page served on another port, and from an origin the gateway does not list).
# Prints one PASS or FAIL line per case and "N passed, N failed"; exits 1 if any failed.
#
#   scripts/real-clients.sh
#
# Installs what is missing: curl, python3, Node.js and npm, Chromium (apt-get), and the `ws` package (npm, into
# target/real-clients/node, never into the repository). Builds the jars if they are missing. About a minute once
# everything is installed. Set MVN="mvn -o" to build offline, CHROMIUM=... to use another browser binary.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
work="$root/target/real-clients"
mkdir -p "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap cleanup EXIT

# --- what the clients need -----------------------------------------------------------------------------------
need=()
command -v curl >/dev/null || need+=(curl)
command -v python3 >/dev/null || need+=(python3)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
command -v "${CHROMIUM:-chromium}" >/dev/null || need+=(chromium)
if ((${#need[@]})); then
  echo "real-clients: installing ${need[*]} ..."
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >"$work/apt.log" 2>&1 \
    || { echo "real-clients: apt-get install failed (see $work/apt.log)" >&2; exit 2; }
fi
if [ ! -d "$work/node/node_modules/ws" ]; then
  echo "real-clients: installing the ws package into $work/node ..."
  npm install --silent --no-audit --no-fund --prefix "$work/node" ws@8 >"$work/npm.log" 2>&1 \
    || { echo "real-clients: npm install failed (see $work/npm.log)" >&2; exit 2; }
fi
if [ ! -f gateway/target/gateway.jar ] || [ ! -f service-a/target/service-a.jar ] || [ ! -f service-b/target/service-b.jar ]; then
  echo "real-clients: building the jars ..."
  ${MVN:-mvn} -B -q -pl service-a,service-b,gateway -am package -DskipTests || exit 2
fi

# --- the course, on free loopback ports ------------------------------------------------------------------------
read -r port_a port_b port_gw port_page port_other < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(5)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
listed="http://127.0.0.1:$port_page"
cat >"$work/config.json" <<EOF
{"server": {"port": $port_gw},
 "rateLimit": {"limit": 100000, "windowSeconds": 60},
 "cors": {"allowedOrigins": ["$listed"]},
 "routes": [
   {"name": "service-a", "prefix": "/service-a", "upstreams": ["http://127.0.0.1:$port_a"]},
   {"name": "service-b", "prefix": "/service-b", "upstreams": ["http://127.0.0.1:$port_b"]}]}
EOF
# The flags run-all.sh starts the course with, from the one file that holds them.
jvm_options() { sed -n "s/^$1=//p" jvm.options; }
service_flags=$(jvm_options SERVICE_JAVA_OPTS)
service_b_flags=$(jvm_options SERVICE_B_JAVA_OPTS)
gateway_flags=$(jvm_options GATEWAY_JAVA_OPTS)
# shellcheck disable=SC2086 # the flags are words
java $service_flags -jar service-a/target/service-a.jar --port "$port_a" >"$work/service-a.log" 2>&1 & pids+=($!)
# shellcheck disable=SC2086
java $service_b_flags -jar service-b/target/service-b.jar --port "$port_b" >"$work/service-b.log" 2>&1 & pids+=($!)
# shellcheck disable=SC2086
java $gateway_flags -jar gateway/target/gateway.jar --config "$work/config.json" >"$work/gateway.log" 2>&1 & pids+=($!)
mkdir -p "$work/www"
cp scripts/real-clients/page.html "$work/www/"
python3 -m http.server "$port_page" --bind 127.0.0.1 --directory "$work/www" >"$work/page.log" 2>&1 & pids+=($!)
python3 -m http.server "$port_other" --bind 127.0.0.1 --directory "$work/www" >"$work/other.log" 2>&1 & pids+=($!)
for url in "127.0.0.1:$port_a/health" "127.0.0.1:$port_b/health" "127.0.0.1:$port_gw/gateway/health" \
           "127.0.0.1:$port_page/page.html" "127.0.0.1:$port_other/page.html"; do
  for _ in $(seq 300); do curl -fs -o /dev/null --max-time 1 "$url" && break; sleep 0.2; done
  curl -fs -o /dev/null --max-time 2 "$url" || { echo "real-clients: $url did not come up (logs in $work)" >&2; exit 2; }
done
gw="http://127.0.0.1:$port_gw"
echo "real-clients: service-a :$port_a, service-b :$port_b, gateway :$port_gw, pages :$port_page (listed) and :$port_other"

# --- the cases -------------------------------------------------------------------------------------------------
case_() {  # name, command: PASS if the command succeeds, else FAIL with what it printed
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then echo "PASS $name${out:+ ($out)}"; else echo "FAIL $name: ${out:-failed}"; fi
}
t="$work/tmp"; mkdir -p "$t"
head -c 3000000 /dev/urandom >"$t/upload.bin"
sha="$(sha256sum "$t/upload.bin" | cut -d' ' -f1)"

http10() {
  curl -s -0 -D "$t/h10" -o "$t/b10" "$gw/service-a/items/1" || return 1
  head -1 "$t/h10" | grep -q ' 200' || { head -1 "$t/h10"; return 1; }
  grep -q '"id":1' "$t/b10" || { cat "$t/b10"; return 1; }
  head -1 "$t/h10" | tr -d '\r'
}
continue100() {
  curl -s -v -H 'Expect: 100-continue' -H 'Content-Type: application/octet-stream' --data-binary @"$t/upload.bin" \
    -o "$t/b100" "$gw/service-a/inspect" 2>"$t/v100" || return 1
  grep -q '< HTTP/1.1 100' "$t/v100" || { echo "no 100 Continue"; return 1; }
  grep -q "\"bodySha256\":\"$sha\"" "$t/b100" || { cut -c1-300 "$t/b100"; return 1; }
  echo "100 Continue, then 3,000,000 bytes, SHA-256 equal"
}
chunked() {
  curl -s -H 'Transfer-Encoding: chunked' -H 'Content-Type: application/octet-stream' \
    --data-binary @"$t/upload.bin" -o "$t/bch" "$gw/service-a/inspect" || return 1
  grep -q "\"bodySha256\":\"$sha\"" "$t/bch" || { cut -c1-300 "$t/bch"; return 1; }
  echo "SHA-256 equal at Service A"
}
head_request() {
  local got; got="$(curl -s -I -o "$t/hhead" -w '%{http_code} %{size_download}' "$gw/service-a/items/1")" || return 1
  [ "$got" = "200 0" ] || { echo "got $got"; return 1; }
  grep -qi '^Content-Length: [1-9]' "$t/hhead" || { echo "no Content-Length"; return 1; }
  echo "200, Content-Length, no body"
}
h2c_upgrade_offer() {
  local got; got="$(curl -s --http2 -o /dev/null -w '%{http_code} HTTP/%{http_version}' "$gw/service-a/items/1")"
  [ "$got" = "200 HTTP/1.1" ] || { echo "got $got"; return 1; }
  echo "$got"
}
h2_prior_knowledge() {
  # curl --http2-prior-knowledge only says "Empty reply": it reads the answer as HTTP/2 frames. The bytes:
  local answer
  answer="$(exec 3<>"/dev/tcp/127.0.0.1/$port_gw"; printf 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n' >&3; timeout 5 cat <&3)"
  grep -q '^HTTP/1.1 505' <<<"$answer" || { head -1 <<<"$answer"; return 1; }
  grep -q '"status":505' <<<"$answer" && grep -q 'HTTP/1.1 only' <<<"$answer" || { echo "no JSON body"; return 1; }
  grep -q '^X-Request-ID: ' <<<"$answer" || { echo "no X-Request-ID"; return 1; }
  echo "505 with the JSON error"
}
oversized_head() {
  local got; got="$(curl -s -o "$t/b431" -w '%{http_code}' -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' h)" \
    "$gw/service-a/items/1")"
  [ "$got" = 431 ] && grep -q '"status":431' "$t/b431" || { echo "got $got $(cut -c1-200 "$t/b431")"; return 1; }
  echo "431 with the JSON error"
}

{
  case_ "curl HTTP/1.0 GET" http10
  case_ "curl POST with Expect: 100-continue (3 MB)" continue100
  case_ "curl chunked upload (3 MB)" chunked
  case_ "curl HEAD" head_request
  case_ "curl --http2 (an offer to upgrade to h2c) is answered over HTTP/1.1" h2c_upgrade_offer
  case_ "HTTP/2 with prior knowledge (the preface curl --http2-prior-knowledge sends)" h2_prior_knowledge
  case_ "curl with a 20 KB header" oversized_head
  NODE_PATH="$work/node/node_modules" node scripts/real-clients/ws-client.js "ws://127.0.0.1:$port_gw/service-b/ws"
  NODE_PATH="$work/node/node_modules" node scripts/real-clients/chromium.js "$port_gw" \
    "$listed/page.html" "http://127.0.0.1:$port_other/page.html"
} | tee "$t/results"
passed=$(grep -c '^PASS' "$t/results")
failed=$(grep -c '^FAIL' "$t/results")
if grep -qiE 'OutOfMemoryError|Exception in thread' "$work/gateway.log"; then
  echo "FAIL the gateway's log has errors: $(grep -iE 'OutOfMemoryError|Exception in thread' "$work/gateway.log" | head -3)"
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
