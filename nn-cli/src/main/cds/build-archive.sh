#!/bin/sh
# Builds the distribution's class-data-sharing archive, lib/nn.jsa, which bin/nn uses when present: the classes a
# run loads (picocli, Guice, Jackson, the platform) are then mapped from one file instead of being read, verified and
# linked on every start. Run by Maven at package time on the folder distribution:
#   build-archive.sh DIST SPEC LOG
# The archive records the jars' absolute paths and times, so it serves this folder only: the .tar.gz ships without
# it, and a JVM that cannot use it (another folder, another JDK) starts without it, silently. A failure here never
# fails the build; start-up is then only slower.
home=$1
spec=$2
log=$3
rm -f "$home/lib/nn.jsa"
if NN_JAVA_OPTS="-XX:ArchiveClassesAtExit=$home/lib/nn.jsa.tmp" "$home/bin/nn" train "$spec" >"$log" 2>&1 \
    && [ -s "$home/lib/nn.jsa.tmp" ]; then
  mv "$home/lib/nn.jsa.tmp" "$home/lib/nn.jsa"
else
  rm -f "$home/lib/nn.jsa.tmp"
  echo "warning: the class-data-sharing archive was not built; nn starts without it (see $log)"
fi
exit 0
