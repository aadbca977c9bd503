package dev.orderplatform.order.compensation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.stragglers.*}: when something counts as a straggler, and how hard the job tries before it parks it.
 *
 * @param after          how long past its deadline an order (or since its last progress a saga; since its phase two
 *                       was due a TCC branch) is left to the first-line recovery (the TC, the expiry and recovery jobs)
 *                       before the straggler job takes it over
 * @param initialBackoff the wait after a first failed attempt; it doubles with every further failure, ± 50 % jitter
 * @param maxBackoff     the longest wait between attempts
 * @param maxAttempts    failed attempts before the straggler is parked (left to an operator, never retried by the job)
 * @param batch          stragglers looked at per job run
 * @param workers        stragglers resolved at once by one run
 * @param perParticipant calls at once to any one participant from straggler resolution, so that a participant that
 *                       has just come back is not stormed by everything that piled up while it was away
 */
@ConfigurationProperties("platform.stragglers")
public record StragglerSettings(Duration after, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
                                int batch, int workers, int perParticipant) {
}
