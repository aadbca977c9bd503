package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackCensusTest {

    @Test
    void theHeapInUseIsTheSumOverTheGenerationsJcmdReports() {
        // a service's JVM (-XX:+UseSerialGC), as jcmd GC.heap_info prints it
        String serial = """
                1234:
                 def new generation   total 19648K, used 6143K [0x00000000f0000000, 0x00000000f1550000, 0x00000000f5550000)
                  eden space 17472K,  35% used [0x00000000f0000000, 0x00000000f05ffd58, 0x00000000f1110000)
                  from space 2176K,   0% used [0x00000000f1110000, 0x00000000f1110000, 0x00000000f1330000)
                 tenured generation   total 43712K, used 36547K [0x00000000f5550000, 0x00000000f8000000, 0x0000000100000000)
                   the space 43712K,  83% used [0x00000000f5550000, 0x00000000f7900f58, 0x00000000f7901000, 0x00000000f8000000)
                 Metaspace       used 61218K, committed 61696K, reserved 1114112K
                """;
        assertThat(StackCensus.heapUsedKib(serial)).isEqualTo(6143 + 36547);
        // a server on the default collector
        assertThat(StackCensus.heapUsedKib("""
                 garbage-first heap   total 262144K, used 62914K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 12 young (12288K), 2 survivors (2048K)
                 Metaspace       used 80000K, committed 81000K, reserved 1114112K
                """)).isEqualTo(62914);
        assertThat(StackCensus.heapUsedKib("1234:\nCommand not found\n")).isEqualTo(-1);
    }
}
