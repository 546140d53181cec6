# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The body shared by the tail-call tests: capture beside the existing
# program, however it was attached, and prove that
#   - every packet reached the capture, including those XDP then drops,
#   - the existing program still decided every packet's fate (the sink in
#     -b never gets UDP port 9, gets all of port 7; its own counter grew by
#     exactly the packets sent),
#   - the interface is given back exactly: same program id, same mode.
# Sourced by test_tailcall_*.sh after tests/lib.sh.

TC_PORT9=60 TC_PORT7=80 TC_PINGS=5

# tailcall_run ENV METHOD MODE [ATTACH-REGEX] — one capture run; ENV has
# the existing program attached already. ATTACH-REGEX is what xdpdump's
# "attached" line must match (default: a tail call to the existing program
# by its id, in MODE).
tailcall_run() {
	local env=$1 method=$2 mode=$3 what="$2/$3" before id c0 d0 f out err re
	local total=$(( TC_PORT9 + TC_PORT7 + TC_PINGS ))
	before=$(tenv_xdp_state "$env" veth0)
	id=$(tenv_existing_id "$env")
	f="$TEST_TMP/$method-$mode.pcapng" out="$TEST_TMP/$method-$mode.out"
	err="$TEST_TMP/$method-$mode.err"
	tenv_sink_start "$env" 7 9 || fatal "$what: UDP sink did not start"
	c0=$(tenv_counter "$env") d0=$(tenv_drops "$env")

	xdpdump_start "$env" "$out" "$err" -i veth0 -w "$f"
	xdpdump_wait_ready "$err" "$XD_PID" ||
		{ show "$err"; xdpdump_stop "$XD_PID"; fatal "$what: xdpdump did not start"; }
	re=${4:-"veth0: attached \(tailcall.*xdp_drop_udp9.*id $id\b.*$mode"}
	check_attach_line "$err" "$re" "$what: says how it attached"
	if [[ -z ${4:-} ]]; then
		check_eq "$what: capture program in place, same mode" \
			"$mode xdpdump_capture" \
			"$(tenv_xdp_mode "$env" veth0) $(tenv_xdp_prog_name "$env" veth0)"
	fi

	tenv_udp "$env" 9 "$TC_PORT9" 100 || fail "$what: sending to port 9"
	tenv_udp "$env" 7 "$TC_PORT7" 100 || fail "$what: sending to port 7"
	tenv_ping "$env" "$TC_PINGS" || fail "$what: ping while capturing"

	xdpdump_stop "$XD_PID" INT
	check_eq "$what: xdpdump exit status after SIGINT" 0 "$?"
	tenv_sink_stop "$env"
	if [[ $method == multiprog ]]; then
		# A new dispatcher with the same programs (test_multiprog.sh).
		check_eq "$what: after exit, a dispatcher in the same mode" \
			"${before% *} xdp_dispatcher" \
			"$(tenv_xdp_mode "$env" veth0) $(tenv_xdp_prog_name "$env" veth0)"
	else
		check_state "$env" veth0 "$before" "$what: after exit, original back"
	fi

	check_eq "$what: packets in file" "$total" "$(pkt_count "$f")"
	check_eq "$what: UDP port 9 captured (XDP then dropped them)" \
		"$TC_PORT9" "$(pkt_count "$f" 'udp.dstport == 9')"
	check_eq "$what: UDP port 7 captured" \
		"$TC_PORT7" "$(pkt_count "$f" 'udp.dstport == 7')"
	check_eq "$what: ICMP echo requests captured" \
		"$TC_PINGS" "$(pkt_count "$f" 'icmp.type == 8')"
	check_eq "$what: summary line, packets captured" \
		"$total" "$(summary_captured "$err")"
	check_eq "$what: summary line, seen by the capture program" \
		"$total" "$(summary_seen "$err")"
	check_eq "$what: sink got no port 9" 0 "$(tenv_sink_count "$env" 9)"
	check_eq "$what: sink got all of port 7" \
		"$TC_PORT7" "$(tenv_sink_count "$env" 7)"
	check_eq "$what: existing program saw every packet" \
		"$total" $(( $(tenv_counter "$env") - c0 ))
	check_eq "$what: existing program dropped port 9" \
		"$TC_PORT9" $(( $(tenv_drops "$env") - d0 ))
	check "$what: timestamps in order" time_ordered "$f"

	# Still the user's program, unchanged, after xdpdump has gone.
	d0=$(tenv_drops "$env")
	tenv_udp "$env" 9 10
	check_eq "$what: existing program still drops port 9 afterwards" \
		10 $(( $(tenv_drops "$env") - d0 ))
}
