#!/usr/bin/env bash
# Type-checks every folder against its own runtime's typings (the Electron shell
# against electron's), one tsconfig per runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src-shared server src-main src-main/electron src-renderer tests bench/map-app; do
  echo "typecheck: $project"
  npx tsc -p "$project/tsconfig.json"
done
