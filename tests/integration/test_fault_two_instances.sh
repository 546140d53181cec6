#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two xdpdump instances on one interface at once.
#  - tailcall + tailcall (the original attached with ip link, and held in
#    a bpf_link): the second chains in front of the first's capture
#    program; both capture every packet; the user's program still decides
#    (the sink gets no port 9, all of port 7); either one may stop first
#    and the other keeps capturing with the user's program still running;
#    at the end the original is back, same id, same mode. Also when they
#    get SIGINT in the same instant, and when one or both are killed.
#  - load + anything: the first holds its own program in a bpf_link that
#    ends with it, so a second refuses in one line (chaining to it would
#    end with it), and the first goes on unharmed.
#  - tailcall + load: the hook is taken; the second refuses in one line.
# Not here: trace and multiprog need fentry/freplace, which this kernel
# refuses (ENVIRONMENT.md); they only run in the VM tests.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=fault_common.sh
. "$(dirname "$0")/fault_common.sh"
require_all
new_tmp

new_env 1 && env=$TEST_ENV
echo "# not run here: pairs with trace or multiprog (fentry/fexit and freplace are refused by this kernel; the VM tests cover those strategies)"

PID_one='' PID_two='' ERR_one='' ERR_two='' FILE_one='' FILE_two='' RUN=0

# capture_id_of PID — the capture program id a running xdpdump pinned its
# state under.
capture_id_of() {
	local pin
	pin=$(find /sys/fs/bpf/xdpdump -name "owner$1")
	pin=${pin%/owner*}
	echo "${pin##*/prog}"
}

# start_capture TAG ARGS... — pid in PID_<TAG>.
# Each run gets new files: the shell truncates them only once the
# background job starts, and the wait must not find the last run's line.
start_capture() {
	local tag=$1 err
	shift
	RUN=$(( RUN + 1 ))
	err="$TEST_TMP/$RUN-$tag.err"
	printf -v "ERR_$tag" %s "$err"
	printf -v "FILE_$tag" %s "$TEST_TMP/$RUN-$tag.pcapng"
	xdpdump_start "$env" /dev/null "$err" -i veth0 -w "$TEST_TMP/$RUN-$tag.pcapng" "$@"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; fatal "$tag: xdpdump did not start"; }
	printf -v "PID_$tag" %s "$XD_PID"
}

# traffic N — N datagrams to port 9 and N to port 7; the existing program
# must drop exactly the N to port 9.
traffic() {
	local d0
	d0=$(tenv_drops "$env")
	tenv_udp "$env" 9 "$1" || fail "sending to port 9"
	tenv_udp "$env" 7 "$1" || fail "sending to port 7"
	check_eq "$2: the existing program dropped every port 9" "$1" \
		$(( $(tenv_drops "$env") - d0 ))
}

stop_capture() {
	xdpdump_stop "$2" INT
	check_eq "$1: exit status" 0 "$?"
}

# both_tailcall METHOD ORDER — ORDER: first (first-started stops first)
# or last.
both_tailcall() {
	local method=$1 order=$2 what="$1, $2 stops first" before cap1 one two
	tenv_attach_existing "$env" veth0 native "$method" ||
		fatal "$what: could not attach the existing program"
	before=$(tenv_xdp_state "$env" veth0)
	tenv_sink_start "$env" 7 9 || fatal "$what: sink"
	start_capture one
	cap1=$(capture_id_of "$PID_one")
	start_capture two
	check_attach_line "$ERR_two" \
		"veth0: attached \(tailcall: in front of xdpdump_capture id $cap1\b" \
		"$what: the second chains to the first's capture program"
	traffic 20 "$what: both running"
	if [[ $order == first ]]; then
		stop_capture "$what: the first" "$PID_one"
		one=20 two=30
	else
		stop_capture "$what: the second" "$PID_two"
		check_eq "$what: the first's capture program back on the hook" \
			"$cap1" "$(tenv_xdp_prog_id "$env" veth0)"
		one=30 two=20
	fi
	traffic 10 "$what: one left"
	if [[ $order == first ]]; then
		stop_capture "$what: the second" "$PID_two"
	else
		stop_capture "$what: the first" "$PID_one"
	fi
	tenv_sink_stop "$env"
	check_state "$env" veth0 "$before" "$what: the original back"
	check_eq "$what: packets in the first's file" $(( one * 2 )) \
		"$(pkt_count "$FILE_one")"
	check_eq "$what: packets in the second's file" $(( two * 2 )) \
		"$(pkt_count "$FILE_two")"
	check_eq "$what: the sink got no port 9" 0 "$(tenv_sink_count "$env" 9)"
	check_eq "$what: the sink got all of port 7" 30 "$(tenv_sink_count "$env" 7)"
	check "$what: no pins left of either" \
		test -z "$(find /sys/fs/bpf/xdpdump -name "owner$PID_one" -o \
			-name "owner$PID_two" 2>/dev/null)"
	traffic 5 "$what: after both"
	tenv_detach_existing "$env" veth0
}

# refused WHAT ERR-REGEX ARGS... — a second xdpdump must refuse in one line
# while the first (PID_one) goes on.
refused() {
	local what=$1 re=$2 err="$TEST_TMP/refused-$RUN.err" rc
	RUN=$(( RUN + 1 ))
	shift 2
	xdpdump_run "$env" 20 -i veth0 -w "$TEST_TMP/refused.pcapng" "$@" \
		>/dev/null 2>"$err"
	rc=$?
	check "$what: the second exits non-zero ($rc)" test "$rc" -ne 0 -a "$rc" -lt 124
	check_eq "$what: one line on stderr" 1 "$(wc -l <"$err")"
	check_attach_line "$err" "$re" "$what: says why"
	check "$what: the first still runs" kill -0 "$PID_one"
}

# both_at_once METHOD N — N times: two chained captures get SIGINT in the
# same instant; the one in front may read its chain just before the other
# splices itself out of it. Every time: both exit 0, the original is back.
both_at_once() {
	local method=$1 n=$2 i before bad=0 rc1 rc2 state
	tenv_attach_existing "$env" veth0 native "$method" ||
		fatal "at once, $method: could not attach the existing program"
	before=$(tenv_xdp_state "$env" veth0)
	for (( i = 0; i < n; i++ )); do
		start_capture one
		start_capture two
		kill -INT "$PID_one" "$PID_two"
		wait "$PID_one"; rc1=$?
		wait "$PID_two"; rc2=$?
		state=$(tenv_xdp_state "$env" veth0)
		if (( rc1 || rc2 )) || [[ $state != "$before" ]]; then
			fail "at once, $method, round $i: exit $rc1 and $rc2, hook $state (want $before)"
			show "$ERR_one"
			show "$ERR_two"
			bad=1
			tenv_exec "$env-b" "$XDPDUMP" --cleanup -i veth0 >/dev/null 2>&1
		fi
	done
	(( bad )) || pass "at once, $method: $n rounds, both exit 0, the original back each time"
	traffic 5 "at once, $method: afterwards"
	tenv_detach_existing "$env" veth0
}

# killed METHOD WHICH — WHICH (one, two or both) gets SIGKILL; the other
# goes on capturing with the original still deciding, and when it stops
# it removes the killed one's leftover too (both: --cleanup does, in one
# run). The original is back each time.
killed() {
	local method=$1 which=$2 what="$1, $2 killed" before tag other=''
	tenv_attach_existing "$env" veth0 native "$method" ||
		fatal "$what: could not attach the existing program"
	before=$(tenv_xdp_state "$env" veth0)
	start_capture one
	start_capture two
	for tag in one two; do
		local pid_var="PID_$tag"
		if [[ $which == both || $which == "$tag" ]]; then
			kill -KILL "${!pid_var}"
			wait "${!pid_var}" 2>/dev/null
		else
			other=$tag
		fi
	done
	traffic 10 "$what: afterwards"
	if [[ -n $other ]]; then
		local pid_var="PID_$other" err_var="ERR_$other" file_var="FILE_$other"
		stop_capture "$what: the $other" "${!pid_var}"
		check_attach_line "${!err_var}" "restored .*left behind by a killed xdpdump" \
			"$what: the $other removed the leftover"
		check_eq "$what: the $other captured everything" 20 "$(pkt_count "${!file_var}")"
	else
		tenv_exec "$env-b" "$XDPDUMP" --cleanup -i veth0 2>"$TEST_TMP/cleanup.err"
		check_eq "$what: --cleanup exit status" 0 "$?"
		check_eq "$what: --cleanup restored both leftovers" 2 \
			"$(grep -c 'left behind by a killed xdpdump' "$TEST_TMP/cleanup.err")"
	fi
	check_state "$env" veth0 "$before" "$what: the original back"
	traffic 5 "$what: at the end"
	tenv_detach_existing "$env" veth0
}

both_tailcall iplink first
both_tailcall iplink last
both_tailcall link first
both_tailcall link last
killed iplink one
killed iplink two
killed iplink both
killed link one
killed link two
both_at_once iplink 10
both_at_once link 10

# load + auto, load + load.
start_capture one
check_attach_line "$ERR_one" 'attached \(load' "load: the first loads its own"
cap1=$(tenv_xdp_prog_id "$env" veth0)
refused "load + auto" "another xdpdump captures here"
refused "load + load" "another xdpdump captures here|--attach load needs a free XDP hook" \
	--attach load
refused "load + tailcall" "another xdpdump captures here" --attach tailcall
check_eq "load: the first's program still on the hook" "$cap1" \
	"$(tenv_xdp_prog_id "$env" veth0)"
tenv_udp "$env" 7 15
stop_capture "load: the first" "$PID_one"
check_eq "load: the first captured everything" 15 "$(pkt_count "$FILE_one")"
check_state "$env" veth0 none "load: nothing left"

# tailcall + load.
tenv_attach_existing "$env" veth0 native iplink ||
	fatal "could not attach the existing program"
before=$(tenv_xdp_state "$env" veth0)
start_capture one
refused "tailcall + load" "--attach load needs a free XDP hook" --attach load
traffic 10 "tailcall + load"
stop_capture "tailcall + load: the first" "$PID_one"
check_eq "tailcall + load: the first captured everything" 20 \
	"$(pkt_count "$FILE_one")"
check_state "$env" veth0 "$before" "tailcall + load: the original back"
finish
