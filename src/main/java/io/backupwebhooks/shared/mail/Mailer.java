package io.backupwebhooks.shared.mail;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.backupwebhooks.shared.config.LocalAws;
import io.backupwebhooks.shared.config.ServiceConfig;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;

/**
 * Sends the report's emails with Amazon SES v2 SendEmail (simple content: subject, text and HTML parts, extra
 * headers), one recipient per message so that each carries its own unsubscribe link. The client is made on first use
 * (an application-scoped producer: its proxy is lazy), with the URL-connection HTTP client like DynamoDB's.
 */
@ApplicationScoped
public class Mailer {

    /** One email to one address. */
    public record Email(String to, String subject, String text, String html, Map<String, String> headers) {}

    private final SesV2Client ses;
    private final String from;
    private final String configurationSet;

    Mailer(SesV2Client ses, ServiceConfig config) {
        this.ses = ses;
        this.from = config.report().from();
        this.configurationSet = config.report().configurationSet().orElse(null);
    }

    /** SES refused a send for its sending rate or quota: try again later (AWS: after up to 10 minutes). */
    public static class Throttled extends RuntimeException {
        public Throttled(String message) {
            super(message);
        }
    }

    /** The error codes of SES's rate and quota refusals ("Maximum sending rate exceeded", "Daily message quota"). */
    private static final java.util.Set<String> THROTTLES =
            java.util.Set.of("ThrottlingException", "TooManyRequestsException", "LimitExceededException", "Throttling");

    /**
     * Sends it; answers SES's message id.
     *
     * @throws Throttled when SES refuses for its rate or quota (after the SDK's own retries)
     */
    public String send(Email email) {
        try {
            return sendNow(email);
        } catch (software.amazon.awssdk.services.sesv2.model.SesV2Exception e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 429 || THROTTLES.contains(code)) {
                throw new Throttled("SES refused for its rate or quota: " + code + " " + e.getMessage());
            }
            throw e;
        }
    }

    private String sendNow(Email email) {
        List<MessageHeader> headers = new ArrayList<>();
        email.headers()
                .forEach((name, value) -> headers.add(
                        MessageHeader.builder().name(name).value(value).build()));
        return ses.sendEmail(b -> {
                    b.fromEmailAddress(from)
                            .destination(d -> d.toAddresses(email.to()))
                            .content(c -> c.simple(m -> {
                                m.subject(s -> s.data(email.subject()).charset("UTF-8"))
                                        .body(body -> {
                                            body.text(t -> t.data(email.text()).charset("UTF-8"));
                                            if (email.html() != null) {
                                                body.html(h ->
                                                        h.data(email.html()).charset("UTF-8"));
                                            }
                                        });
                                if (!headers.isEmpty()) {
                                    m.headers(headers);
                                }
                            }));
                    if (configurationSet != null) {
                        b.configurationSetName(configurationSet);
                    }
                })
                .messageId();
    }

    /** The SES client: Lambda's region and role; locally, the configured endpoint ({@link LocalAws}). */
    @jakarta.inject.Singleton
    static class Client {
        @Produces
        @ApplicationScoped
        SesV2Client ses(ServiceConfig config) {
            SesV2ClientBuilder builder = SesV2Client.builder().httpClient(UrlConnectionHttpClient.create());
            config.report().sesEndpoint().ifPresent(endpoint -> LocalAws.endpoint(builder, URI.create(endpoint)));
            return builder.build();
        }
    }
}
