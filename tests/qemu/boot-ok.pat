# What every successful boot prints, in order (tests/qemu/boot-tests).
^hyp7: HYP tables: boot PGD 0x[0-9a-f]+, runtime PGD 0x[0-9a-f]+, init page 0x[0-9a-f]+ at 0xffff0000
# Printed only after the host compared HTTBR and HVBAR, as HYP reported
# them, with the runtime PGD and the runtime vectors.
^hyp7: cpu0: HYP init done: HTTBR 0x[0-9a-f]+ \(runtime PGD\), HVBAR 0xbf[0-9a-f]+ \(runtime vectors\)
^hyp7: cpu0: HYP refuses calls outside \.hyp\.text
^hyp7: cpu0: HYP teardown done: back on the hyp stub
^hyp7: cpu0: HYP init done: HTTBR 0x[0-9a-f]+ \(runtime PGD\)
