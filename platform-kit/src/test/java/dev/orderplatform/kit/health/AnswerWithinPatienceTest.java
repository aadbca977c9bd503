package dev.orderplatform.kit.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class AnswerWithinPatienceTest {

    /** A server that answers only when told to, counting the questions it was asked. */
    static final class SlowServer extends AnswerWithinPatience {
        final AtomicInteger asked = new AtomicInteger();
        final CountDownLatch answer = new CountDownLatch(1);

        SlowServer() {
            super("slow", Duration.ofMillis(200));
        }

        @Override
        protected Health ask() throws Exception {
            asked.incrementAndGet();
            answer.await();
            return Health.up().build();
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsDownAfterThePatienceAndIsAskedOneQuestionAtATime() {
        try (SlowServer server = new SlowServer()) {
            long started = System.nanoTime();
            assertThat(server.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(server.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(server.health().getDetails()).containsEntry("reason", "no answer within 200 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("each check waits its patience, no more")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(server.asked).as("checks while a question is unanswered wait for that one").hasValue(1);

            server.answer.countDown();
            assertThat(server.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void aServerThatFailsToAnswerIsDownWithTheReason() {
        try (AnswerWithinPatience refusing = new AnswerWithinPatience("refusing", Duration.ofSeconds(1)) {
            @Override
            protected Health ask() {
                throw new IllegalStateException("connection refused");
            }
        }) {
            Health health = refusing.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).contains("connection refused");
            assertThat(refusing.health().getStatus()).as("asked again on the next check").isEqualTo(Status.DOWN);
        }
    }
}
