#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# -r reads what tcpdump reads and keeps what tcpdump keeps. Savefiles from
# tests/filter/gen_savefiles.c (every link type xdpdump prints, pcap and
# pcapng, with runts, captured length above length, cut records, frames
# over 64 KiB) are filtered by `xdpdump -r F -w OUT EXPR` and by
# `tcpdump -r F -w OUT EXPR`, and the two outputs must hold the same records
# (tests/filter/cmp_savefiles.c), or both tools must refuse the expression
# (xdpdump with one line on stderr). The Ethernet pcap gets every
# expression of tests/filter/expressions.txt and offline_expressions.txt,
# the other files offline_expressions.txt (their pcapng copies every other
# one). Damaged files (a record cut at
# the end, a corrupt block) write what came before, print one line naming
# the record, exit non-zero, as tcpdump does. Last, --verify-filter on the
# Ethernet files: no disagreement, the kernel-limit packets counted.
# One xdpdump and one tcpdump process per expression and file.
# shellcheck source-path=SCRIPTDIR
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
require_root
require_cmd tcpdump
GEN="$BUILD/tests/filter/gen_savefiles"
CMP="$BUILD/tests/filter/cmp_savefiles"
EXPRS="$TEST_ROOT/tests/filter"
for f in "$XDPDUMP" "$GEN" "$CMP"; do
	[[ -x $f ]] || fatal "$f missing: run make tests"
done
new_tmp
sf="$TEST_TMP/sf"
mkdir -p "$sf"
"$GEN" "$sf" 400 || fatal "gen_savefiles failed"

# diff_file FILE EXPRESSION-FILE... — one line per failing expression;
# the counts go to $TEST_TMP/counts.
diff_file() {
	local file=$1 name ours theirs oerr terr orc trc same=0 refused=0 bad=0
	shift
	name=$(basename "$file")
	ours="$TEST_TMP/$name.ours" theirs="$TEST_TMP/$name.theirs"
	oerr="$TEST_TMP/$name.oerr" terr="$TEST_TMP/$name.terr"
	while IFS= read -r expr; do
		[[ -z $expr || $expr == \#* ]] && continue
		rm -f "$ours" "$theirs"
		"$XDPDUMP" -r "$file" -w "$ours" -- "$expr" 2>"$oerr" </dev/null
		orc=$?
		tcpdump -r "$file" -w "$theirs" -- "$expr" 2>"$terr" </dev/null
		trc=$?
		if ((orc != 0 && trc != 0)); then
			if [[ $(wc -l <"$oerr") == 1 && ! -e $ours ]]; then
				refused=$((refused + 1))
			else
				bad=$((bad + 1))
				echo "$name '$expr': refused by both, but xdpdump said: $(head -c 300 "$oerr")"
			fi
		elif ((orc != 0 || trc != 0)); then
			bad=$((bad + 1))
			echo "$name '$expr': xdpdump exit $orc ($(head -n1 "$oerr")), tcpdump exit $trc ($(tail -n1 "$terr"))"
		elif ! out=$("$CMP" "$theirs" "$ours" 2>&1); then
			bad=$((bad + 1))
			echo "$name '$expr': $out"
		else
			same=$((same + 1))
		fi
	done < <(cat "$@")
	echo "$name $same $refused $bad" >>"$TEST_TMP/counts"
}

: >"$TEST_TMP/counts"
# pcapng copies of the pcap files: every other expression is enough to
# show the format read the same (time: one xdpdump run each). Written once,
# before any job reads it: a job still reading it must not see it rewritten.
grep -v '^#' "$EXPRS/offline_expressions.txt" | awk 'NR % 2' >"$TEST_TMP/half.txt"
jobs=()
diff_file "$sf/ether.pcap" "$EXPRS/expressions.txt" "$EXPRS/offline_expressions.txt" \
	>"$TEST_TMP/diff-ether.pcap.log" &
jobs+=($!)
for f in "$sf"/*.pcap "$sf"/*.pcapng; do
	case $(basename "$f") in
	ether.pcap | trunc.* | corrupt.*) continue ;;
	esac
	exprs="$EXPRS/offline_expressions.txt"
	[[ $f == *.pcapng && $f != */ether.pcapng ]] && exprs="$TEST_TMP/half.txt"
	diff_file "$f" "$exprs" >"$TEST_TMP/diff-$(basename "$f").log" &
	jobs+=($!)
	# two at a time: the machine has two cores
	if ((${#jobs[@]} >= 2)); then
		wait "${jobs[0]}"
		jobs=("${jobs[@]:1}")
	fi
done
wait
while read -r name same refused bad; do
	log="$TEST_TMP/diff-$name.log"
	if ((bad == 0 && same > 0)); then
		pass "$name: $same expressions keep the same records as tcpdump, $refused refused by both"
	else
		fail "$name: $bad expressions differ from tcpdump ($same the same, $refused refused by both)"
		head -n 20 "$log" | sed 's/^/#   /'
	fi
done <"$TEST_TMP/counts"
check_eq "files compared" 16 "$(wc -l <"$TEST_TMP/counts")"

# Damaged files: what came before, one line naming the record, exit 1.
for f in trunc.pcap trunc.pcapng corrupt.pcapng; do
	ours="$TEST_TMP/dmg.ours" theirs="$TEST_TMP/dmg.theirs" err="$TEST_TMP/dmg.err"
	rm -f "$ours" "$theirs"
	"$XDPDUMP" -r "$sf/$f" -w "$ours" 2>"$err"
	orc=$?
	tcpdump -r "$sf/$f" -w "$theirs" 2>/dev/null
	trc=$?
	check "$f: xdpdump exits non-zero as tcpdump ($trc)" test "$orc" -ne 0 -a "$trc" -ne 0
	check_eq "$f: one line on stderr" 1 "$(wc -l <"$err")"
	check "$f: the line names the record ($(cat "$err"))" grep -q "record 51:" "$err"
	if out=$("$CMP" "$theirs" "$ours" 2>&1); then
		pass "$f: the records before it are written, as by tcpdump"
	else
		fail "$f: $out"
	fi
done

# -d with -r: the program compiled for the file, as tcpdump -r F -d.
for f in sll2.pcap raw.pcap null.pcap ether.pcap; do
	e='ip broadcast or tcp port 80 or len > 1000'
	if diff <("$XDPDUMP" -r "$sf/$f" -d "$e" 2>&1) <(tcpdump -r "$sf/$f" -d "$e" 2>/dev/null) \
		>"$TEST_TMP/d.diff"; then
		pass "$f -d: the program tcpdump -r -d prints"
	else
		fail "$f -d differs from tcpdump -r -d"
		head -n 6 "$TEST_TMP/d.diff" | sed 's/^/#   /'
	fi
done

# Classic pcap out: the file's link type, the records as read.
for f in sll2.pcapng null.pcap raw.pcapng ether.pcapng; do
	rm -f "$TEST_TMP/p.ours" "$TEST_TMP/p.theirs"
	"$XDPDUMP" -r "$sf/$f" --pcap -w "$TEST_TMP/p.ours" 'ip or ip6' 2>/dev/null
	tcpdump -r "$sf/$f" -w "$TEST_TMP/p.theirs" 'ip or ip6' 2>/dev/null
	if out=$("$CMP" "$TEST_TMP/p.theirs" "$TEST_TMP/p.ours" 2>&1); then
		pass "$f --pcap: the same records as tcpdump, in its link type"
	else
		fail "$f --pcap: $out"
	fi
done

# --verify-filter: the kernel's translation against libpcap on every
# packet, the frames over the test-run limit and the runts counted.
verify_one() {
	local file=$1 expr=$2 err="$TEST_TMP/verify.err" rc
	"$XDPDUMP" -r "$file" --verify-filter -w "$TEST_TMP/verify.out" -- "$expr" 2>"$err"
	rc=$?
	if ((rc == 0)) && grep -q ', 0 disagreements' "$err"; then
		echo ok
	else
		echo "$(basename "$file") '$expr': exit $rc: $(head -n3 "$err" | tr '\n' ' ')"
	fi
}
verify_bad=0 verify_ok=0
while IFS= read -r expr; do
	[[ -z $expr || $expr == \#* ]] && continue
	tcpdump -r "$sf/ether.pcap" -d -- "$expr" >/dev/null 2>&1 || continue
	"$XDPDUMP" -r "$sf/ether.pcap" --kernel-filter -d -- "$expr" >/dev/null 2>&1 || continue
	for f in ether.pcap ether.pcapng; do
		r=$(verify_one "$sf/$f" "$expr")
		if [[ $r == ok ]]; then
			verify_ok=$((verify_ok + 1))
		else
			verify_bad=$((verify_bad + 1))
			echo "#   $r"
		fi
	done
done <"$EXPRS/offline_expressions.txt"
check_eq "--verify-filter: runs with a disagreement or an error ($verify_ok without)" 0 "$verify_bad"
check "--verify-filter ran" test "$verify_ok" -gt 100

err="$TEST_TMP/verify.err"
"$XDPDUMP" -r "$sf/ether.pcap" --verify-filter -w "$TEST_TMP/v.out" ip 2>"$err"
check "--verify-filter counts the runts" grep -q "packets not run: shorter than an Ethernet header" "$err"
check "--verify-filter counts the frames over the kernel's limit" \
	grep -q "over the kernel's test-run limit" "$err"
"$XDPDUMP" -r "$sf/sll.pcap" --verify-filter -w "$TEST_TMP/v.out" ip 2>"$err"
check "--verify-filter on Linux cooked: counted as not Ethernet" \
	grep -q "436 packets not run: not Ethernet" "$err"
finish
