package io.backupwebhooks.shared.store;

import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One write a store prepared for a caller that makes it together with others, such as the start that goes along
 * with a delivery record. It knows its table; the store layer groups such writes into batches ({@link Items#batchWrite}),
 * so the services that hand them over never see a DynamoDB type.
 */
public final class StoreWrite {

    private final String table;
    private final WriteRequest request;

    private StoreWrite(String table, WriteRequest request) {
        this.table = table;
        this.request = request;
    }

    /** Puts {@code item} into {@code table}. */
    public static StoreWrite put(String table, Map<String, AttributeValue> item) {
        return new StoreWrite(
                table,
                WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build());
    }

    /** Deletes the item with {@code key} from {@code table}. */
    public static StoreWrite delete(String table, Map<String, AttributeValue> key) {
        return new StoreWrite(
                table,
                WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(key).build())
                        .build());
    }

    String table() {
        return table;
    }

    WriteRequest request() {
        return request;
    }

    @Override
    public String toString() {
        return "StoreWrite[" + table + " " + (request.putRequest() != null ? "put" : "delete") + "]";
    }
}
