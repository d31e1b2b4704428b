package io.backupwebhooks.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@code @QuarkusTest} class that {@link EmulatorsBehindGate} fills with what it started for the
 * test: the {@link AwsGate}, the SES stand-in ({@link SesLocal}) or ElasticMQ ({@link ElasticMq}). Fields without it
 * are left alone.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Emulated {}
