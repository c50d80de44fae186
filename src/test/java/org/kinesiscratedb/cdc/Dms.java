package org.kinesiscratedb.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** Builds DMS events for tests, in the format of compat.md section 2.1. */
final class Dms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dms() {
    }

    static String metadata(String operation, String schema, String table) {
        return "\"metadata\": {\"timestamp\": \"2024-07-12T01:17:42.123456Z\", \"record-type\": \""
                + (operation.endsWith("-table") ? "control" : "data") + "\", \"operation\": \"" + operation
                + "\", \"partition-key-type\": \"schema-table\", \"schema-name\": \"" + schema
                + "\", \"table-name\": \"" + table + "\", \"transaction-id\": 1139}";
    }

    /** A create-table event; {@code columns} is the JSON object of {@code table-def.columns}. */
    static String createTable(String table, String columns, String... primaryKey) {
        StringBuilder key = new StringBuilder();
        for (String column : primaryKey) {
            key.append(key.isEmpty() ? "" : ", ").append('"').append(column).append('"');
        }
        return "{\"control\": {\"table-def\": {\"columns\": " + columns
                + (primaryKey.length == 0 ? "" : ", \"primary-key\": [" + key + "]") + "}}, "
                + metadata("create-table", "public", table) + "}";
    }

    static String dropTable(String table) {
        return "{" + metadata("drop-table", "public", table) + "}";
    }

    /** A data event; {@code data} is the JSON object of the row image. */
    static String event(String operation, String table, String data) {
        return "{\"data\": " + data + ", " + metadata(operation, "public", table) + "}";
    }

    /** An update with a before-image. */
    static String update(String table, String data, String beforeImage) {
        return "{\"data\": " + data + ", \"before-image\": " + beforeImage + ", "
                + metadata("update", "public", table) + "}";
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
