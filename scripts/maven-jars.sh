#!/usr/bin/env bash
# Fetches the Maven Central artifacts listed in LIST (one group:artifact:version per line, `#`
# comments) into the tool cache's local repository, with strict checksum checks, and prints
# their jars as one classpath. Idempotent: present jars are not fetched again.
set -euo pipefail
LIST="$1"
REPO="${EGATE_TOOLS:-/var/cache/egate-tools}/m2"
classpath=()
while read -r coordinates; do
  [[ -z "$coordinates" || "$coordinates" == \#* ]] && continue
  IFS=: read -r group artifact version <<< "$coordinates"
  jar="$REPO/${group//.//}/$artifact/$version/$artifact-$version.jar"
  if [[ ! -f "$jar" ]]; then
    mvn -q -C -B -Dstyle.color=never -Dmaven.repo.local="$REPO" dependency:get -Dtransitive=false \
      -Dartifact="$coordinates" >&2
  fi
  classpath+=("$jar")
done < "$LIST"
(IFS=:; echo "${classpath[*]}")
