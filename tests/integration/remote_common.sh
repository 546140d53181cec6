# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Two "hosts" for the remote capture point tests (test_remote_*.sh),
# sourced after tests/lib.sh: the receiving namespaces of two environments
# (HOSTA = $RA-b, HOSTB = $RB-b), each with its own sshd on a management
# veth to a third namespace, $RM, where the local xdpdump runs. Key
# authentication only, keys and configs under $TEST_TMP; `ssh -F
# $SSH_CONFIG hosta` reaches HOSTA as root; it also listens on
# fd00:250:1::2 (HOSTB on fd00:250:2::2). Traffic arrives on each host's
# veth0 from its environment's sender (tenv_udp).

require_cmd ssh ssh-keygen
# The remote side runs the plain binary: under make check-valgrind the
# wrapper's environment does not travel over ssh (the local side, which
# merges, still runs under memcheck).
# shellcheck disable=SC2034 # read by the test that sourced us
REMOTE_XDPDUMP=${XDPDUMP_VALGRIND_REAL:-$XDPDUMP}
[[ -x /usr/sbin/sshd ]] || skip "/usr/sbin/sshd is not installed (openssh-server; testenv/deps.sh)"

# remote_setup — the hosts, their sshds, and $SSH_CONFIG; $RSH is the
# --rsh for them.
remote_setup() {
	local h i ns addr
	new_env 1 && RA=$TEST_ENV
	new_env 1 && RB=$TEST_ENV
	RM="xt-mgmt-$$"
	ip netns add "$RM" || fatal "cannot create $RM"
	TEST_EXTRA_NS+=("$RM")
	ip -n "$RM" link set lo up
	ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/user_key" || fatal "ssh-keygen"
	ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/other_key" || fatal "ssh-keygen"
	cp "$TEST_TMP/user_key.pub" "$TEST_TMP/authorized_keys"
	# sshd insists on its privilege separation directory.
	mkdir -p /run/sshd
	SSH_CONFIG="$TEST_TMP/ssh_config"
	: >"$SSH_CONFIG"
	: >"$TEST_TMP/known_hosts"
	i=1
	for h in a b; do
		[[ $h == a ]] && ns="$RA-b" || ns="$RB-b"
		addr="10.250.$i"
		ip link add "mgt-$h" netns "$RM" type veth peer name mgt netns "$ns" ||
			fatal "management veth for host$h"
		ip -n "$RM" addr add "$addr.1/24" dev "mgt-$h"
		ip -n "$ns" addr add "$addr.2/24" dev mgt
		ip -n "$RM" addr add "fd00:250:$i::1/64" dev "mgt-$h" nodad
		ip -n "$ns" addr add "fd00:250:$i::2/64" dev mgt nodad
		ip -n "$RM" link set "mgt-$h" up
		ip -n "$ns" link set mgt up
		ssh-keygen -q -t ed25519 -N '' -f "$TEST_TMP/host$h"_key || fatal "ssh-keygen"
		cat >"$TEST_TMP/sshd$h.conf" <<-CONF
		ListenAddress $addr.2
		ListenAddress [fd00:250:$i::2]
		Port 22
		HostKey $TEST_TMP/host${h}_key
		PidFile $TEST_TMP/sshd$h.pid
		AuthorizedKeysFile $TEST_TMP/authorized_keys
		PubkeyAuthentication yes
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PermitRootLogin prohibit-password
		StrictModes no
		UsePAM no
		LogLevel ERROR
		CONF
		tenv_exec "$ns" /usr/sbin/sshd -f "$TEST_TMP/sshd$h.conf" ||
			fatal "sshd for host$h did not start"
		echo "$addr.2,fd00:250:$i::2 $(cut -d' ' -f1,2 "$TEST_TMP/host${h}_key.pub")" \
			>>"$TEST_TMP/known_hosts"
		cat >>"$SSH_CONFIG" <<-CONF
		Host host$h
		    HostName $addr.2
		CONF
		i=$(( i + 1 ))
	done
	cat >>"$SSH_CONFIG" <<-CONF
	Host *
	    User root
	    IdentityFile $TEST_TMP/user_key
	    IdentitiesOnly yes
	    UserKnownHostsFile $TEST_TMP/known_hosts
	    StrictHostKeyChecking yes
	    BatchMode yes
	    ConnectTimeout 5
	    LogLevel ERROR
	CONF
	# shellcheck disable=SC2034 # read by the test that sourced us
	RSH="ssh -F $SSH_CONFIG"
	for h in a b; do
		remote_local ssh -F "$SSH_CONFIG" "host$h" true ||
			fatal "cannot log in to the test sshd of host$h"
	done
}

# remote_local CMD... — in the management namespace, where the local
# xdpdump runs.
remote_local() {
	tenv_exec "$RM" "$@"
}

# remote_xdpdumps NS — how many xdpdump processes run in NS.
remote_xdpdumps() {
	local pid n=0
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		[[ $(cat "/proc/$pid/comm" 2>/dev/null) == xdpdump* ]] && n=$(( n + 1 ))
	done
	echo "$n"
}

# no_xdp NS — veth0 in NS has no XDP program.
no_xdp() {
	[[ -z $(ip -n "$1" -j -d link show dev veth0 | jq -c '.[0].xdp // empty') ]]
}

remote_cleanup() {
	local ns
	for ns in "${TEST_EXTRA_NS[@]}"; do
		tenv_kill_ns_pids "$ns"
		[[ -e /run/netns/$ns ]] && ip netns del "$ns"
	done
	test_cleanup
}
TEST_EXTRA_NS=()
trap remote_cleanup EXIT
