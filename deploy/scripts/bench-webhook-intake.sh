#!/usr/bin/env bash
# Benchmark: sustained webhook intake. Starts a real Kafka broker and the ingest-service jar on
# loopback (free ports, a temp dir, both stopped by PID at the end), then drives
# POST /v1/webhooks/distribution with wrk (Debian package `wrk`): every request is one
# Distribution notification with a unique event id (a manifest push), so every 202 is one new
# ImageEvent. Prints requests/s and acknowledge latency percentiles (wrk), then counts the records
# on the priority lane and compares them with the 202s wrk saw.
#   usage: deploy/scripts/bench-webhook-intake.sh [DURATION_S] [CONNECTIONS] [THREADS]
#   (default 30 64 2); needs: ./mvnw -B -q -pl ingest-service -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
duration="${1:-30}"; connections="${2:-64}"; threads="${3:-2}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
jar="$root/ingest-service/target/tallyman-ingest-service-0.1.0-SNAPSHOT.jar"
libs="$root/deploy/kafka-dist/target/kafka-libs"
[ -f "$jar" ] || { echo "no $jar: ./mvnw -B -q -pl ingest-service -am package -DskipTests" >&2; exit 1; }
[ -d "$libs" ] || { echo "no $libs: ./mvnw -B -q -pl deploy/kafka-dist package" >&2; exit 1; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d /tmp/tallyman-bench-intake.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
# CPU seconds a process has used so far (user + system)
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
kport=$(free_port); cport=$(free_port); hport=$(free_port)

# --- Kafka (KRaft, combined mode), as deploy/LocalKafka starts it ---
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$kport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$kport
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$work/kafka-data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
cat > "$work/log4j2.properties" <<'PROPS'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
PROPS
kcp="$libs/*"
"$java" -Dlog4j2.configurationFile="$work/log4j2.properties" -cp "$kcp" kafka.tools.StorageTool format \
  -t "$(python3 -c 'import base64,os; print(base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("="))' | sed 's/^-/A/')" \
  -c "$work/server.properties" > "$work/format.log" 2>&1
"$java" -Xms256m -Xmx512m -XX:+UseG1GC -Dlog4j2.configurationFile="$work/log4j2.properties" \
  -cp "$kcp" kafka.Kafka "$work/server.properties" > "$work/kafka.log" 2>&1 &
pids+=($!); kafka_pid=$!
for _ in $(seq 1 300); do grep -q "Kafka Server started" "$work/kafka.log" && break; sleep 0.2; done
grep -q "Kafka Server started" "$work/kafka.log" || { tail -20 "$work/kafka.log" >&2; exit 1; }

# --- ingest-service ---
token="bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
prefix="bench$$"
KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$kport" INGEST_HTTP_PORT="$hport" TALLYMAN_WEBHOOK_TOKEN="$token" \
  TALLYMAN_TOPICS_PREFIX="$prefix" TALLYMAN_POLL_ENABLED=false \
  "$java" -Xms512m -Xmx512m -XX:+UseG1GC -Dlogger.levels.dev.tallyman.ingest=WARN ${BENCH_INGEST_OPTS:-} \
  -jar "$jar" > "$work/ingest.log" 2>&1 &
pids+=($!); ingest_pid=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$hport/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$hport/health" >/dev/null || { tail -30 "$work/ingest.log" >&2; exit 1; }

# --- load: one unique push event per request ---
# each run gets its own id prefix: a repeated id would be answered 202 as a duplicate, unpublished
lua() { # $1 = run tag
cat <<LUA
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  accepted = 0
  refused = 0
end
request = function()
  counter = counter + 1
  local id = string.format("bench-$1-%d-%d", tid, counter)
  local body = '{"events":[{"id":"' .. id .. '","timestamp":"2026-11-28T00:00:00Z","action":"push",'
    .. '"target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":348,'
    .. '"digest":"sha256:c7f3cdd9a11c9c9058f1930ccd4689562253d6ef94fbcc086f5ce8920cb02abc",'
    .. '"repository":"bench/app","tag":"v1"},"request":{"host":"127.0.0.1:5000","method":"PUT"}}]}'
  return wrk.format("POST", "/v1/webhooks/distribution", {
    ["Content-Type"] = "application/vnd.docker.distribution.events.v1+json",
    ["Authorization"] = "Bearer $token"}, body)
end
response = function(status, headers, body)
  if status == 202 then accepted = accepted + 1 else refused = refused + 1 end
end
done = function(summary, latency, requests)
  local a, r = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("accepted"); r = r + t:get("refused") end
  io.write(string.format("accepted(202) %d refused(other) %d\n", a, r))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("ack latency p%s %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
LUA
}
lua "warm-$$" > "$work/warm.lua"; lua "main-$$" > "$work/main.lua"
# warm the JIT and the producer, then measure
wrk -t"$threads" -c"$connections" -d"${BENCH_WARMUP_S:-15}s" -s "$work/warm.lua" "http://127.0.0.1:$hport" > "$work/warmup.txt"
echo "== warm-up (${BENCH_WARMUP_S:-15} s, not counted below except on the topic) =="; grep -E "Requests/sec|accepted" "$work/warmup.txt"
echo "== measured: ${duration}s, $connections connections, $threads wrk threads =="
i0=$(cpu_s "$ingest_pid"); k0=$(cpu_s "$kafka_pid")
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/main.lua" \
  "http://127.0.0.1:$hport" | tee "$work/wrk.txt"
i1=$(cpu_s "$ingest_pid"); k1=$(cpu_s "$kafka_pid")

# --- every accepted event on Kafka? count records on the priority lane ---
cat > "$work/Count.java" <<'JAVA'
import java.time.Duration;
import java.util.*;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
public class Count {
  public static void main(String[] a) {
    Properties p = new Properties();
    p.put("bootstrap.servers", a[0]);
    try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      c.partitionsFor(a[1], Duration.ofSeconds(30)).forEach(i -> tps.add(new TopicPartition(a[1], i.partition())));
      long n = 0;
      for (long v : c.endOffsets(tps).values()) n += v;
      for (long v : c.beginningOffsets(tps).values()) n -= v;
      System.out.println(n);
    }
  }
}
JAVA
on_topic=$("$java" -cp "$kcp" "$work/Count.java" "127.0.0.1:$kport" "$prefix.image-events" 2>/dev/null | tail -1)
warm=$(sed -n 's/^accepted(202) \([0-9]*\).*/\1/p' "$work/warmup.txt")
measured=$(sed -n 's/^accepted(202) \([0-9]*\).*/\1/p' "$work/wrk.txt")
# what the service itself acknowledged (202 after the Kafka ack), from its own counter
published=$(curl -sf "http://127.0.0.1:$hport/prometheus" \
  | sed -n 's/^tallyman_ingest_webhook_events_total{.*flavour="distribution".*outcome="accepted".*} \([0-9.eE+]*\)$/\1/p' \
  | head -1 | awk '{printf "%d", $1}')
duplicates=$(curl -sf "http://127.0.0.1:$hport/prometheus" \
  | sed -n 's/^tallyman_ingest_webhook_events_total{.*flavour="distribution".*outcome="duplicate".*} \([0-9.eE+]*\)$/\1/p' \
  | head -1 | awk '{printf "%d", $1}')
echo "== Kafka: $on_topic records on $prefix.image-events"
echo "   ingest acknowledged $published events (duplicates: ${duplicates:-0});" \
  "wrk read $((warm + measured)) of those 202s (warm-up $warm + measured $measured; the rest were in flight when wrk stopped)"
if [ "$on_topic" -eq "$published" ] && [ "$((warm + measured))" -le "$published" ]; then
  echo "every accepted event is on Kafka"
else
  echo "MISMATCH" >&2; exit 1
fi
n=$(sed -n 's/^accepted(202) \([0-9]*\).*/\1/p' "$work/wrk.txt")
awk -v i0="$i0" -v i1="$i1" -v k0="$k0" -v k1="$k1" -v n="$n" -v c="$(nproc)" 'BEGIN {
  i = i1 - i0; k = k1 - k0
  printf "CPU during the measured run: ingest %.1f s, kafka %.1f s for %d events = %.3f ms CPU per event (ingest %.3f + kafka %.3f)\n", i, k, n, (i + k) * 1000 / n, i * 1000 / n, k * 1000 / n
  printf "capacity if these %d cores were ours alone (CPU-bound estimate, wrk not counted): %.0f events/s\n", c, c * n / (i + k) }'
echo "ingest log lines: $(wc -l < "$work/ingest.log")"
echo "(machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; shared with other work)"
