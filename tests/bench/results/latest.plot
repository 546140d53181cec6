# SPDX-License-Identifier: GPL-2.0
# scenario xdpdump_cap peer_cap tcpdump_cap bare_mpps xdpdump_mpps peer_mpps tcpdump_mpps
"64B all" 100.00 92.97 100.00 0.757 0.382 0.247 0.381
"64B some" 100.00 - 100.00 0.519 0.426 - 0.302
"64B none" - - - 0.474 0.477 - 0.441
"512B all" 75.73 56.12 77.41 0.736 0.419 0.272 0.402
"512B some" 100.00 - 100.00 0.830 0.771 - 0.678
"512B none" - - - 0.552 0.521 - 0.499
"1500B all" 36.97 33.71 53.67 0.586 0.234 0.194 0.223
"1500B some" 100.00 - 100.00 0.861 0.800 - 0.658
"1500B none" - - - 0.830 0.779 - 0.710
