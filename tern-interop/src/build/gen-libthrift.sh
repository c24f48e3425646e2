#!/usr/bin/env bash
# Generates libthrift's Java for the cross-test IDL with Apache's own compiler: the peers the
# interop tests run against Tern are built exactly as Apache builds its cross-test programs.
#   gen-libthrift.sh IDL OUT_DIR
set -euo pipefail
idl=$1
out=$2

if ! command -v thrift >/dev/null 2>&1; then
  echo "tern-interop: the Apache Thrift compiler 'thrift' is not on the PATH; the interop tests need it." >&2
  echo "tern-interop: install it with 'apt-get install thrift-compiler', or build with -DskipTests." >&2
  exit 1
fi

# Two edits, neither of which changes the wire format of what remains:
#  - the Java namespace becomes Apache's own, thrift.test, so that these classes do not collide
#    with the ones Tern generates from the same file;
#  - the uuid lines (testUuid, CrazyNesting.uuid_field) go: compilers before Thrift 0.19 (Debian
#    ships 0.17) do not know the type, and libthrift 0.20 can neither read nor write it.
idl_copy="$(dirname "$out")/libthrift-idl/ThriftTest.thrift"
mkdir -p "$(dirname "$idl_copy")"
sed -e 's/^namespace java .*/namespace java thrift.test/' -e '/\buuid\b/d' "$idl" > "$idl_copy"

rm -rf "$out"
mkdir -p "$out"
thrift --gen java:generated_annotations=suppress -out "$out" "$idl_copy"
