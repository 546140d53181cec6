# SPDX-License-Identifier: GPL-2.0
# scenario xdpdump_cap peer_cap tcpdump_cap bare_mpps xdpdump_mpps peer_mpps tcpdump_mpps
"64B all" 100.00 100.00 100.00 1.032 0.958 0.689 0.855
"64B some" 100.00 - 100.00 0.999 0.991 - 0.985
"64B none" - - - 1.040 1.069 - 0.974
"512B all" 100.00 99.67 100.00 1.040 0.931 0.666 0.843
"512B some" 100.00 - 100.00 1.056 0.991 - 0.941
"512B none" - - - 1.020 0.974 - 1.010
"1500B all" 100.00 99.57 100.00 1.054 0.773 0.682 0.700
"1500B some" 100.00 - 100.00 1.018 0.976 - 0.952
"1500B none" - - - 1.016 1.012 - 0.961
