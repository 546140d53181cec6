# SPDX-License-Identifier: GPL-2.0
# scenario xdpdump_cap peer_cap tcpdump_cap bare_mpps xdpdump_mpps peer_mpps tcpdump_mpps
"64B all" 100.00 100.00 100.00 1.028 0.946 0.682 0.878
"64B some" 100.00 - 100.00 1.042 1.008 - 0.937
"64B none" - - - 1.022 1.011 - 0.980
"512B all" 100.00 99.83 100.00 0.986 0.866 0.672 0.774
"512B some" 100.00 - 100.00 0.995 0.969 - 0.916
"512B none" - - - 0.977 0.981 - 0.929
"1500B all" 98.87 96.07 100.00 0.950 0.729 0.644 0.639
"1500B some" 100.00 - 100.00 0.958 0.927 - 0.851
"1500B none" - - - 0.947 0.874 - 0.898
