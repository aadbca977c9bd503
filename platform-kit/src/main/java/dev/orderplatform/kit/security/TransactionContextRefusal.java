package dev.orderplatform.kit.security;

import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.web.ProblemResponses;
import dev.orderplatform.kit.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Public and admin requests may not carry a transaction context. Spring Cloud Alibaba's Seata interceptor binds the
 * XID of <em>every</em> inbound request that has a {@code TX_XID} header, so a client could make a checkout join a
 * global transaction of its choosing; and a {@code Tx-Deadline} would let it stretch a Try's deadline. Such a request
 * is refused with 400 before anything reads it — refused rather than silently stripped, so a misrouted internal call
 * is noticed at once. Header names are compared case-insensitively and with {@code -} and {@code _} alike, so no
 * spelling slips through. Only the service zone ({@code /internal/**}, authenticated) binds an XID.
 */
public class TransactionContextRefusal extends OncePerRequestFilter {

    /** Seata's XID and branch-type headers, and the deadline header, normalised ({@link #normalise}). */
    static final Set<String> TRANSACTION_HEADERS = Set.of("tx_xid", "tx_branch_type", normalise(GlobalDeadline.HEADER));

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> carried = transactionHeader(request);
        if (carried.isPresent()) {
            ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, Problems.TRANSACTION_CONTEXT_REFUSED,
                    "Transaction context refused", "The header '" + carried.get() + "' carries a transaction context, which only "
                            + "authenticated service-to-service calls may send; nothing was done.");
            return;
        }
        chain.doFilter(request, response);
    }

    static Optional<String> transactionHeader(HttpServletRequest request) {
        return Collections.list(request.getHeaderNames()).stream()
                .filter(name -> TRANSACTION_HEADERS.contains(normalise(name)))
                .findFirst();
    }

    static String normalise(String headerName) {
        return headerName.toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
