#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM, chrooted into the host's (read-only) root, started by
# testenv/vm/init with the results share as its argument. run.sh left the
# settings there in "env"; this runs tests/vm/run.sh and leaves its output
# in "output" and its exit status in "rc" for run.sh to report. A missing
# "rc" tells run.sh the tests never finished.
set -u

share=$1
# The host's root is read-only: nothing may want to write under $HOME.
export HOME=/tmp LC_ALL=C.UTF-8
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# shellcheck source=/dev/null # written by run.sh for this boot
. "$share/env" || { echo "xdpdump-vm: cannot read $share/env"; exit 1; }

cd "$VM_REPO" || exit 1
echo "xdpdump-vm: running tests/vm/run.sh on $(uname -r)"
tests/vm/run.sh 2>&1 | tee "$share/output"
echo "${PIPESTATUS[0]}" >"$share/rc"
