# SPDX-License-Identifier: GPL-2.0
# scenario xdpdump_cap peer_cap tcpdump_cap bare_mpps xdpdump_mpps peer_mpps tcpdump_mpps
"64B all" 100.00 100.00 100.00 1.057 0.963 0.709 0.870
"64B some" 100.00 - 100.00 1.031 0.975 - 0.956
"64B none" - - - 1.009 1.014 - 0.992
"512B all" 100.00 99.67 100.00 0.992 0.816 0.652 0.789
"512B some" 100.00 - 100.00 0.994 0.963 - 0.915
"512B none" - - - 1.038 0.996 - 0.978
"1500B all" 100.00 99.44 100.00 0.986 0.648 0.653 0.688
"1500B some" 100.00 - 100.00 0.965 0.893 - 0.813
"1500B none" - - - 0.940 0.915 - 0.879
