#!/bin/sh
# SPDX-License-Identifier: MIT
#
# One fusefault case as one kselftest program. Each TEST_PROGS entry
# (CASE.sh) is a link to this script; the case id is the name it was run by.
# One program per case, not one for all: kselftest's runner applies the
# `settings` timeout to each program, names each program's result
# (selftests: fusefault: CASE.sh) and can run one alone
# (run_kselftest.sh -t fusefault:CASE.sh), so a case that hangs past its
# deadline costs only its own result, never the cases after it.
#
# fusefault: $FUSEFAULT (a command), else the checkout this directory sits in
# (../../dist/cli/main.js), else `fusefault` on PATH; without one the
# test is skipped (exit 4, KSFT_SKIP). Arguments (KSELFTEST_CASE_SH_ARGS,
# e.g. --timeout-scale 2) are passed to `fusefault run`.
# Exit: 0 fixed, 1 affected or not measured, 4 skipped, 2 bad arguments.

id=$(basename "$0" .sh)
here=$(dirname "$(readlink -f "$0")")
if [ -n "$FUSEFAULT" ]; then
	cmd=$FUSEFAULT
elif [ -f "$here/../../dist/cli/main.js" ] && command -v node >/dev/null; then
	cmd="node $here/../../dist/cli/main.js"
elif command -v fusefault >/dev/null; then
	cmd=fusefault
else
	echo "# $id: fusefault not found (install it, or set FUSEFAULT)"
	exit 4
fi
# exec: the runner's timeout sends its SIGTERM to fusefault itself, which
# stops the case and recovers before it exits
exec $cmd run --regress --format ktap "$id" "$@"
