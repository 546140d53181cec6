# SPDX-License-Identifier: GPL-2.0
# scenario xdpdump_cap peer_cap tcpdump_cap bare_mpps xdpdump_mpps peer_mpps tcpdump_mpps
"64B all" 92.43 88.49 100.00 0.943 0.405 0.339 0.594
"64B some" 100.00 - 100.00 0.873 0.641 - 0.670
"64B none" - - - 0.888 0.884 - 0.819
"512B all" 46.63 20.35 67.85 0.860 0.510 0.556 0.462
"512B some" 96.50 - 100.00 0.905 0.764 - 0.785
"512B none" - - - 0.879 0.909 - 0.795
"1500B all" 25.29 8.05 32.68 0.915 0.497 0.604 0.435
"1500B some" 100.00 - 100.00 0.933 0.832 - 0.787
"1500B none" - - - 0.950 0.960 - 0.924
