package io.backupwebhooks.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB bills it: each attribute's name (UTF-8) plus its value (strings: UTF-8 bytes; numbers:
 * about one byte per two significant digits, plus one; booleans and nulls: one byte). Write request units are
 * 1 KB each, read units 4 KB.
 */
public final class ItemSize {

    private ItemSize() {}

    public static int of(Map<String, AttributeValue> item) {
        int size = 0;
        for (Map.Entry<String, AttributeValue> a : item.entrySet()) {
            size += a.getKey().getBytes(StandardCharsets.UTF_8).length + value(a.getValue());
        }
        return size;
    }

    private static int value(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            String digits =
                    new BigDecimal(v.n()).unscaledValue().abs().toString().replaceAll("^0+|0+$", "");
            return (Math.max(1, digits.length()) + 1) / 2 + 1;
        }
        return 1; // BOOL, NULL
    }
}
