#!/bin/sh
# Builds the distribution's class-data-sharing archive, lib/nn.jsa, which bin/nn uses when present: the classes a
# run loads (the JDK's, picocli, Guice, Jackson, the platform) and the lambda forms they use are then mapped from one
# file, already parsed and verified, instead of being read from the jars and checked on every start. Run by Maven at
# package time on the folder distribution:
#   build-archive.sh DIST SPEC LOG
# A static archive, not a dynamic one (-XX:ArchiveClassesAtExit): on Java 17 only a static archive takes classes
# compiled for Java 5, which picocli's are. The class list comes from the runs users start most: help, validate and
# a short training run. The archive records the jars' paths, sizes and times, so it serves this folder only: the
# .tar.gz ships without it, and a JVM that cannot use it (another folder, another JDK) starts without it, silently.
# A failure here never fails the build; start-up is then only slower.
home=$1
spec=$2
log=$3
if [ -n "$JAVA_HOME" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/nn-cds.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -f "$home/lib/nn.jsa"
fail() {
  rm -f "$home/lib/nn.jsa.tmp"
  echo "warning: the class-data-sharing archive was not built ($1); nn starts without it (see $log)"
  exit 0
}
: >"$log"
run=0
for command in "--help" "validate $spec" "train $spec"; do
  run=$((run + 1))
  # shellcheck disable=SC2086
  NN_JAVA_OPTS="-XX:DumpLoadedClassList=$work/classes.$run" "$home/bin/nn" $command >>"$log" 2>&1 \
    || fail "nn $command failed"
done
# One list, each line once, in the order first loaded.
cat "$work"/classes.* | awk '!seen[$0]++' >"$work/classes"
"$java" -Xshare:dump -XX:SharedClassListFile="$work/classes" -XX:SharedArchiveFile="$home/lib/nn.jsa.tmp" \
    -cp "$home/lib/*" >>"$log" 2>&1 || fail "java -Xshare:dump failed"
[ -s "$home/lib/nn.jsa.tmp" ] || fail "no archive written"
mv "$home/lib/nn.jsa.tmp" "$home/lib/nn.jsa"
exit 0
