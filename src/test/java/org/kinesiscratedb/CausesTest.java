package org.kinesiscratedb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void findsTheFirstCauseOfATypeAnywhereInTheChain() {
        SocketTimeoutException timeout = new SocketTimeoutException("read timed out");
        RuntimeException wrapped = new RuntimeException("outer", new IllegalStateException("middle", timeout));

        assertThat(Causes.find(wrapped, IOException.class)).containsSame(timeout);
        assertThat(Causes.find(wrapped, RuntimeException.class)).containsSame(wrapped);
        assertThat(Causes.find(wrapped, javax.net.ssl.SSLException.class)).isEmpty();
        assertThat(Causes.find(null, IOException.class)).isEmpty();
    }
}
