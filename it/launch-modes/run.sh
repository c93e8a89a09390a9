#!/usr/bin/env bash
# The launch-mode test (issue 12, item 7): builds this sample application against the freshly
# built library and starts it in every launch mode that can run here. Each run must print the
# right results within a generous limit and leave no child JVM and no /dev/shm segment behind.
# Run by ./mp4j test after the main suite; needs JAVA_HOME (a JDK 25) and mvn on the PATH.
#
# Modes: class path; fat jar (maven-shade, java -jar); thin jar (manifest Class-Path: lib/...);
# module path (java -p ... -m app/...); @argfile (IDE launchers, Gradle test workers and
# Surefire with long class paths); an isolated URLClassLoader set as context class loader
# (Gradle workers without an options file, IDE test runners); mvn exec:java; mvn test in the
# application (a Surefire fork with a manifest-only jar); a Spring Boot executable jar (java -jar on
# a jar repackaged by spring-boot-maven-plugin, built in a separate build with -Pspring-boot).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
JAVA="$JAVA_HOME/bin/java"
LIMIT=${MP4J_IT_LIMIT:-240}   # seconds per run: generous, only to catch hangs
MVN=(mvn -B -ntp -q -Dstyle.color=never)
# mp4j.* properties reach every child, so this marks the JVMs of this test.
TOKEN="-Dmp4j.it.token=launch-modes-$$"
LOG=target/it-logs
EXPECTED=("QUEUE hello from the child" "EXIT 0" "MAP [300, 3000]")

mvn_offline_first() { # Maven offline first (no network after the first resolve), else online
  "${MVN[@]}" -o "$@" >/dev/null 2>&1 || "${MVN[@]}" "$@"
}

echo "launch-modes: installing the library and building the sample application"
(cd "$ROOT" && mvn_offline_first -DskipTests -pl core -am install)
mvn_offline_first -DskipTests package
# The Boot jar in a build of its own (profile spring-boot), so the modes above never need the
# plugin. It is run from a folder of its own: its manifest keeps the thin jar's Class-Path:
# lib/..., which next to target/lib would put the library on the system class path.
# If it cannot be built (no plugin offline and no network), that mode fails and the others run.
echo "launch-modes: building the Spring Boot executable jar"
rm -rf target/boot && mkdir -p target/boot
boot_built=1
mvn_offline_first -DskipTests -Pspring-boot package >target/boot/build.log 2>&1 || boot_built=0
[ $boot_built = 1 ] && cp target/launch-modes-app-1.0-boot.jar target/boot/app.jar
rm -rf "$LOG" target/gradlelike && mkdir -p "$LOG" target/gradlelike
"$JAVA_HOME/bin/javac" -d target/gradlelike src/gradlelike/java/com/example/gradlelike/IsolatedLauncher.java
CP="target/classes:$(ls target/lib/*.jar | paste -sd:)"
printf -- '-cp\n%s\n' "$CP" > target/args.txt

failures=0
check() { # name log: checks a run's output and what it left behind
  local name=$1 log=$2 ok=1 line pids
  for line in "${EXPECTED[@]}"; do
    grep -qxF "$line" "$log" || { echo "  missing line: $line"; ok=0; }
  done
  if grep -q "Restricted methods\|WARNING: A restricted method" "$log"; then
    echo "  a JVM printed the native-access warning"; ok=0
  fi
  # what a run prints on the way out counts too: an exit action that failed (a class its closed
  # loader could no longer load, say) may leave segments behind only now and then
  if grep -q "Exception in thread\|NoClassDefFoundError\|multiprocessing4j: \|result thread error" "$log"; then
    echo "  the run printed a failure"; ok=0
  fi
  pids=$(sed -n 's/^PIDS //p' "$log" | head -n1)
  local left
  left=$(ps -eo pid=,args= | grep -F -- "$TOKEN" | grep -v grep || true)
  if [ -n "$left" ]; then echo "  JVMs left behind:"; echo "$left"; ok=0; fi
  for pid in $pids; do
    if ls /dev/shm/mp4j-"$pid"-* >/dev/null 2>&1; then
      echo "  /dev/shm segments left behind by pid $pid:"; ls /dev/shm/mp4j-"$pid"-*; ok=0
    fi
  done
  if [ $ok = 1 ]; then echo "launch-modes: $name ok"; else
    echo "launch-modes: $name FAILED (output in it/launch-modes/$log):"; sed 's/^/  | /' "$log" | tail -n 40
    failures=$((failures + 1))
  fi
}

run() { # name command...: runs one mode with a time limit
  local name=$1; shift
  local log="$LOG/$name.log" rc=0
  timeout -k 10 "$LIMIT" "$@" >"$log" 2>&1 || rc=$?
  [ $rc = 124 ] && echo "  $name did not finish within ${LIMIT}s" >>"$log"
  [ $rc != 0 ] && echo "  exit code $rc" >>"$log"
  check "$name" "$log"
}

JOPTS=("$TOKEN")   # no deserialization setting: application classes need none
run class-path "$JAVA" "${JOPTS[@]}" --enable-native-access=ALL-UNNAMED -cp "$CP" com.example.app.Main
run fat-jar "$JAVA" "${JOPTS[@]}" -jar target/launch-modes-app-1.0-all.jar
run thin-jar "$JAVA" "${JOPTS[@]}" -jar target/launch-modes-app-1.0.jar
run module-path "$JAVA" "${JOPTS[@]}" --enable-native-access=org.multiprocessing4j \
  -p target/launch-modes-app-1.0.jar:target/lib -m app/com.example.app.Main
run argfile "$JAVA" "${JOPTS[@]}" --enable-native-access=ALL-UNNAMED @target/args.txt com.example.app.Main
run class-loader "$JAVA" "${JOPTS[@]}" --enable-native-access=ALL-UNNAMED -cp target/gradlelike \
  com.example.gradlelike.IsolatedLauncher "$CP" com.example.app.Main
run exec-java env MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED ${JOPTS[*]}" \
  mvn -B -ntp -o -Dstyle.color=never org.codehaus.mojo:exec-maven-plugin:3.5.0:java
if [ $boot_built = 1 ]; then
  run spring-boot "$JAVA" "${JOPTS[@]}" -jar target/boot/app.jar
else
  echo "launch-modes: spring-boot FAILED: the Boot jar did not build (-Pspring-boot):"
  sed 's/^/  | /' target/boot/build.log | tail -n 20
  failures=$((failures + 1))
fi
run surefire mvn -B -ntp -o -Dstyle.color=never "-Dmp4j.test.options=${JOPTS[*]}" test

if [ $failures -gt 0 ]; then
  echo "launch-modes: $failures mode(s) failed" >&2
  exit 1
fi
echo "launch-modes: all modes ok"
